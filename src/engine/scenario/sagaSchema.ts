import { z } from 'zod';
import { id, nodeBase } from './fields';

/**
 * The saga's node kinds: a `saga` (the flow: its mode, its steps in order, each run by a
 * `service` node, and the pivot) and its participants, the course's shop services with their
 * local stores. The playground runs them with the saga engine (src/engine/saga) through
 * Simulation.openSaga, so the services are the shop's three, one of each.
 */

/** The course's services, and the step each runs in its saga (src/engine/saga/shop). */
export const SAGA_SERVICES = ['inventory', 'payment', 'shipping'] as const;

export const SAGA_MODES = ['orchestration', 'choreography'] as const;

/** A number; what is not one (text typed in a field) is said so, not as a type error. */
const number = () => z.number({ error: 'must be a number' });

const ms = (min: number, max: number) =>
  number()
    .int('must be a whole number of ms')
    .min(min, `must be at least ${min} ms`)
    .max(max, `must be at most ${max} ms`);

const rate = number().min(0, 'must be 0 to 1').max(1, 'must be 0 to 1');

/** How a step's action fails, for the person trying the saga out (src/engine/saga/faults.ts). */
const stepFaultSchema = z.discriminatedUnion(
  'mode',
  [
    /** every try fails */
    z.object({ mode: z.literal('fail') }).strict(),
    /** the first `times` tries of each order fail, then it works */
    z
      .object({
        mode: z.literal('fail-times'),
        times: number().int('must be a whole number').min(1, 'must be 1 or more').max(100),
      })
      .strict(),
    /** the action runs, but its reply comes `delayMs` late: past the timeout it is in doubt */
    z.object({ mode: z.literal('timeout'), delayMs: ms(1, 600_000) }).strict(),
    /** each try fails with probability `failRate`, drawn from the run's seed */
    z.object({ mode: z.literal('flaky'), failRate: rate }).strict(),
  ],
  { error: () => 'unknown fault: use fail, fail-times, timeout or flaky' },
);

const sagaStepSchema = z
  .object({
    /** the service node that runs this step */
    service: id,
    /** a try with no reply after this long counts as failed; default 8 hops */
    timeoutMs: ms(1, 600_000).optional(),
    /** tries before the step fails for good (1: no retry); after the pivot, retried forward */
    attempts: number().int('must be a whole number').min(1, 'must be 1 or more').max(20).default(3),
    fault: stepFaultSchema.optional(),
  })
  .strict();

export const sagaNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('saga'),
    mode: z.enum(SAGA_MODES).default('orchestration'),
    /** in order: the flow's steps, each run by a service node */
    steps: z.array(sagaStepSchema).max(SAGA_SERVICES.length, 'at most one step per service'),
    /** the service node whose step is the go/no-go one: after it, steps are retried forward */
    pivot: id.optional(),
  })
  .strict();

const sku = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'an item is lowercase letters, digits or - (at most 32)');

export const serviceNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('service'),
    service: z.enum(SAGA_SERVICES),
    /** inventory: units of each item on the shelf at the start */
    stock: z.record(sku, number().int('must be a whole number').min(0).max(1_000_000)).optional(),
    /** payment: a charge above this amount is declined */
    declineOver: number().int('must be a whole number').min(0).max(1_000_000_000).optional(),
  })
  .strict();

export type SagaNode = z.output<typeof sagaNodeSchema>;
export type StepFault = z.output<typeof stepFaultSchema>;
export type ServiceNode = z.output<typeof serviceNodeSchema>;

type Issue = { path: (string | number)[]; message: string };
type AnyNode = { readonly id: string; readonly kind: string };

/**
 * What the saga kinds ask of the whole scenario, each problem with its field: one saga and
 * one service of each kind (the engine runs the shop's three), steps that name service
 * nodes, each once, a pivot among them, and stores only where they belong.
 */
export function sagaProblems(nodes: readonly AnyNode[]): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const firstOf = new Map<string, string>();
  let saga: string | undefined;
  nodes.forEach((node, i) => {
    if (node.kind === 'saga') {
      if (saga !== undefined) {
        issues.push({
          path: ['nodes', i, 'kind'],
          message: `a scenario runs one saga, and "${saga}" is it`,
        });
      }
      saga ??= node.id;
      const s = node as unknown as SagaNode;
      const seen = new Map<string, number>();
      s.steps.forEach((step, k) => {
        const path = ['nodes', i, 'steps', k, 'service'];
        const target = byId.get(step.service);
        if (target === undefined) {
          issues.push({ path, message: `no service node has the id "${step.service}"` });
        } else if (target.kind !== 'service') {
          issues.push({ path, message: `"${step.service}" is a ${target.kind}, not a service` });
        } else if (seen.has(step.service)) {
          issues.push({
            path,
            message: `"${step.service}" is already step ${(seen.get(step.service) ?? 0) + 1}`,
          });
        }
        seen.set(step.service, k);
      });
      if (s.pivot !== undefined && !seen.has(s.pivot)) {
        issues.push({
          path: ['nodes', i, 'pivot'],
          message: `"${s.pivot}" runs no step of this saga`,
        });
      }
    }
    if (node.kind === 'service') {
      const s = node as unknown as ServiceNode;
      const other = firstOf.get(s.service);
      if (other !== undefined) {
        issues.push({
          path: ['nodes', i, 'service'],
          message: `"${other}" is the ${s.service} service already: the saga has one of each`,
        });
      }
      firstOf.set(s.service, s.id);
      if (s.stock !== undefined && s.service !== 'inventory') {
        issues.push({ path: ['nodes', i, 'stock'], message: 'only an inventory keeps stock' });
      }
      if (s.declineOver !== undefined && s.service !== 'payment') {
        issues.push({
          path: ['nodes', i, 'declineOver'],
          message: 'only a payment declines charges',
        });
      }
    }
  });
  return issues;
}
