import { z } from 'zod';
import { handlerSpecSchema } from '../scenario/handlerSchema';
import { MAX_RATE } from '../sim/producerLoad';

/** A script longer than this is a mistake (or hostile): the playground's timeline shows them all. */
export const MAX_FAULTS = 500;
/** An hour of simulated time: `at` and `until` past it cannot be watched. */
export const MAX_FAULT_TIME_MS = 3_600_000;
/** The most messages one burst sends: the producer's own burst buttons stop well below it. */
export const MAX_BURST = 100_000;

const nodeId = z.string().min(1, 'must name a node').max(64, 'must be at most 64 characters');
const time = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(0, 'must be 0 or more')
  .max(MAX_FAULT_TIME_MS, `must be at most ${MAX_FAULT_TIME_MS} ms (an hour)`);

/** ms since the script started */
const at = { at: time };
/** a share of tries or messages, 0..1 */
const rate = z.number().min(0, 'must be 0 or more').max(1, 'must be at most 1');
const reason = z.string().max(200, 'must be at most 200 characters').optional();

const killWorker = z
  .object({
    ...at,
    action: z.literal('kill-worker'),
    consumer: nodeId,
    /** the worker's number, as on its node (`w2`); without it, the busiest live worker */
    worker: z.number().int('must be a whole number').min(1, 'must be 1 or more').optional(),
  })
  .strict();

const failListener = z
  .object({ ...at, action: z.literal('fail-listener'), listener: nodeId, until: time.optional() })
  .strict();

const setHandler = z
  .object({
    ...at,
    action: z.literal('set-handler'),
    consumer: nodeId,
    handler: handlerSpecSchema,
    until: time.optional(),
  })
  .strict();

/** Shorthand for set-handler with a flaky handler: fails `failureRate` of messages (all, by default). */
const failConsumer = z
  .object({
    ...at,
    action: z.literal('fail-consumer'),
    consumer: nodeId,
    failureRate: rate.optional(),
    until: time.optional(),
  })
  .strict();

const partition = z
  .object({
    ...at,
    action: z.literal('partition'),
    consumer: nodeId,
    until: time.optional(),
    /** how long the broker takes to give the consumer up (its heartbeat timeout) */
    noticeMs: time.optional(),
  })
  .strict();

const burst = z
  .object({
    ...at,
    action: z.literal('burst'),
    producer: nodeId,
    count: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_BURST, `must be at most ${MAX_BURST}`),
  })
  .strict();

const setRate = z
  .object({
    ...at,
    action: z.literal('set-rate'),
    producer: nodeId,
    rate: z
      .number()
      .min(0, 'must be 0 or more')
      .max(MAX_RATE, `must be at most ${MAX_RATE} messages a second`),
  })
  .strict();

/** A consumer group's member dies: its partitions go to the others (a rebalance). */
const killMember = z
  .object({
    ...at,
    action: z.literal('kill-member'),
    group: nodeId,
    /** the member's number, as on its node (`g-2`); without it, the oldest live member */
    member: z.number().int('must be a whole number').min(1, 'must be 1 or more').optional(),
  })
  .strict();

/** A member joins a consumer group: its partitions are shared anew (a rebalance). */
const addMember = z.object({ ...at, action: z.literal('add-member'), group: nodeId }).strict();

/** How a saga step fails (src/engine/saga/faults.ts); a flaky one draws from the run's seed. */
const sagaFault = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fail'), reason }).strict(),
  z
    .object({
      mode: z.literal('fail-times'),
      times: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(100),
      reason,
    })
    .strict(),
  z.object({ mode: z.literal('timeout'), delayMs: time }).strict(),
  z
    .object({
      mode: z.literal('flaky'),
      failRate: rate,
      timeoutRate: rate.optional(),
      delayMs: time.optional(),
    })
    .strict(),
]);

/** A saga service's command fails (every try, by default): "from 10 s the payment step fails". */
const failSagaStep = z
  .object({
    ...at,
    action: z.literal('fail-saga-step'),
    service: nodeId,
    command: z.string().min(1, 'must name a command').max(64, 'must be at most 64 characters'),
    fault: sagaFault.optional(),
    until: time.optional(),
  })
  .strict();

export const faultActionSchema = z
  .discriminatedUnion('action', [
    killWorker,
    failListener,
    setHandler,
    failConsumer,
    partition,
    failSagaStep,
    burst,
    setRate,
    killMember,
    addMember,
  ])
  .superRefine((fault, ctx) => {
    if ('until' in fault && fault.until !== undefined && fault.until <= fault.at) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: `must be after at (${fault.at})` });
    }
  });

/** Timed actions on a run's clock, in any order; actions at the same time apply in script order. */
export const faultScriptSchema = z
  .array(faultActionSchema)
  .max(MAX_FAULTS, `at most ${MAX_FAULTS} actions`);

export type FaultAction = z.output<typeof faultActionSchema>;
export type FaultKind = FaultAction['action'];
export type FaultScript = readonly FaultAction[];

/** The node an action is aimed at. */
export function faultTarget(fault: FaultAction): string {
  switch (fault.action) {
    case 'fail-listener':
      return fault.listener;
    case 'burst':
    case 'set-rate':
      return fault.producer;
    case 'fail-saga-step':
      return fault.service;
    case 'kill-member':
    case 'add-member':
      return fault.group;
    default:
      return fault.consumer;
  }
}
