import { z } from 'zod';
import { eventNameProblem } from '../bus/names';

/**
 * A saga definition: ordered steps, each an action run by a service and, optionally, its
 * compensation. It is data (a lab can hold it in JSON), so it is validated here with every
 * wrong field named, and the engine works only on the parsed, defaulted form.
 */

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, _ or - (at most 40)');

const eventName = z.string().superRefine((value, ctx) => {
  const problem = eventNameProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const ms = (max: number) => z.number().int().min(0).max(max);

export const retryPolicySchema = z
  .object({
    /** tries of a step before it fails for good (1 = no retry); ignored after the pivot */
    attempts: z.number().int().min(1).max(100).default(3),
    /** wait before the 2nd try, on the clock */
    backoffMs: ms(3_600_000).default(200),
    /** each next wait is this many times the last */
    multiplier: z.number().min(1).max(10).default(2),
    /** no wait is longer than this: forward retries after the pivot go on at this pace */
    maxBackoffMs: ms(3_600_000).default(5_000),
  })
  .strict();

export const stepSchema = z
  .object({
    name,
    /** the participant that runs the action and the compensation */
    service: name,
    action: name,
    /** what undoes the action; none means nothing to undo (the step is skipped backwards) */
    compensation: name.optional(),
    /** a try with no reply after this long counts as failed (its outcome is in doubt) */
    timeoutMs: ms(3_600_000).min(1).default(1_000),
    retry: retryPolicySchema.default({
      attempts: 3,
      backoffMs: 200,
      multiplier: 2,
      maxBackoffMs: 5_000,
    }),
    /** choreography: the events this step's outcomes are published as */
    events: z
      .object({ succeeded: eventName, failed: eventName, compensated: eventName })
      .strict()
      .optional(),
  })
  .strict();

export const sagaDefinitionSchema = z
  .object({
    name,
    steps: z.array(stepSchema).min(1, 'a saga needs a step').max(20, 'at most 20 steps'),
    /** the go/no-go step: once it has succeeded, later steps are retried, never compensated */
    pivot: name.optional(),
    /** choreography: the events that start and end an instance */
    events: z
      .object({ started: eventName, completed: eventName, aborted: eventName })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.steps.forEach((step, i) => {
      if (seen.has(step.name)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'name'], message: 'duplicate step' });
      }
      seen.add(step.name);
    });
    // choreography tells the outcomes apart by their event names alone
    const events = new Map<string, string>();
    const claim = (event: string | undefined, path: (string | number)[]) => {
      if (event === undefined) return;
      const other = events.get(event);
      if (other !== undefined) {
        ctx.addIssue({ code: 'custom', path, message: `"${event}" is also ${other}` });
      }
      events.set(event, path.join('.'));
    };
    for (const kind of ['started', 'completed', 'aborted'] as const) {
      claim(def.events?.[kind], ['events', kind]);
    }
    def.steps.forEach((step, i) => {
      for (const kind of ['succeeded', 'failed', 'compensated'] as const) {
        claim(step.events?.[kind], ['steps', i, 'events', kind]);
      }
    });
    if (def.pivot !== undefined && !seen.has(def.pivot)) {
      ctx.addIssue({ code: 'custom', path: ['pivot'], message: `no step "${def.pivot}"` });
    }
  });

export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type SagaStepInput = z.input<typeof stepSchema>;
export type SagaDefinitionInput = z.input<typeof sagaDefinitionSchema>;

export interface StepEvents {
  readonly succeeded: string;
  readonly failed: string;
  readonly compensated: string;
}

export interface SagaStep {
  readonly name: string;
  readonly service: string;
  readonly action: string;
  readonly compensation: string | undefined;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly events: StepEvents;
}

export interface SagaDefinition {
  readonly name: string;
  readonly steps: readonly SagaStep[];
  /** index of the pivot step; steps after it are retried forward; -1 when there is none */
  readonly pivot: number;
  readonly events: {
    readonly started: string;
    readonly completed: string;
    readonly aborted: string;
  };
}

export class SagaDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid saga definition: ${problems.join('; ')}`);
    this.name = 'SagaDefinitionError';
  }
}

/** Validates a definition from data; throws SagaDefinitionError naming every wrong field. */
export function defineSaga(input: unknown): SagaDefinition {
  const parsed = sagaDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new SagaDefinitionError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const def = parsed.data;
  return {
    name: def.name,
    pivot: def.pivot === undefined ? -1 : def.steps.findIndex((s) => s.name === def.pivot),
    events: def.events ?? {
      started: `${def.name}.started`,
      completed: `${def.name}.completed`,
      aborted: `${def.name}.aborted`,
    },
    steps: def.steps.map((s) => ({
      name: s.name,
      service: s.service,
      action: s.action,
      compensation: s.compensation,
      timeoutMs: s.timeoutMs,
      retry: s.retry,
      events: s.events ?? {
        succeeded: `${s.service}.${s.name}-succeeded`,
        failed: `${s.service}.${s.name}-failed`,
        compensated: `${s.service}.${s.name}-compensated`,
      },
    })),
  };
}

/** The wait before try `attempt + 1`, after try `attempt` failed. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const wait = policy.backoffMs * policy.multiplier ** Math.max(0, attempt - 1);
  return Math.min(Math.round(wait), policy.maxBackoffMs);
}

/** After the pivot a step never fails for good: it is retried forward. */
export function isAfterPivot(def: SagaDefinition, index: number): boolean {
  return def.pivot >= 0 && index > def.pivot;
}
