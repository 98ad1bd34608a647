import { z } from 'zod';
import { eventNameProblem, patternProblem } from '../bus/names';
import { LISTENER_SERVICES, SERVICE_HANDLERS } from '../sim/services';
import { id, localizedSchema, nodeBase, text } from './fields';
import { handlerSpecSchema } from './handlerSchema';
import { sagaNodeSchema, sagaProblems, serviceNodeSchema } from './sagaSchema';

/**
 * The scenario format: a lab (and later a playground sketch) is data, not a page. One generic
 * canvas draws any scenario, and the simulation is built from it.
 *
 * Versioned: `format` and `version` identify a file; an older version is migrated in
 * `parse.ts` before validation. Bump SCENARIO_VERSION only with a migration.
 */
export const SCENARIO_FORMAT = 'eventlab.scenario';
export const SCENARIO_VERSION = 1;

export { localizedSchema };

const eventName = z.string().superRefine((value, ctx) => {
  const problem = eventNameProblem(value);
  if (problem !== undefined)
    ctx.addIssue({ code: 'custom', message: `invalid event name: ${problem}` });
});

const pattern = z.string().superRefine((value, ctx) => {
  const problem = patternProblem(value);
  if (problem !== undefined)
    ctx.addIssue({ code: 'custom', message: `invalid pattern: ${problem}` });
});

export const producerNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('producer'),
    /** the events this producer has a button for */
    emits: z
      .array(
        z
          .object({
            event: eventName,
            data: z.unknown(),
            /** tells two buttons for one event apart: "Emit user.registered (poison)" */
            label: text(40).optional(),
            /** AMQP headers, for headers exchanges */
            headers: z
              .record(z.string().max(100), z.union([z.string().max(200), z.number(), z.boolean()]))
              .optional(),
          })
          .strict(),
      )
      .max(20, 'at most 20 emit buttons'),
    /** a built-in service whose methods emit: `orders` is the course's OrderService */
    service: z.enum(['orders']).optional(),
    /** shows a rate and a burst control, for load */
    load: z.boolean().default(false),
  })
  .strict();

export const busNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('bus'),
    /** entries kept in memory by the event log */
    logCapacity: z.number().int().min(0).max(100_000).default(1000),
  })
  .strict();

export const listenerNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('listener'),
    /** starts in "throws on delivery" mode */
    failing: z.boolean().default(false),
    /** the message of the error it throws in failing mode */
    failureMessage: text(200).default('listener failed'),
    /** what it does with a delivery: count it, or a course service's methods */
    service: z.enum(LISTENER_SERVICES).default('record'),
  })
  .strict();

export const exchangeNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('exchange'),
    exchangeType: z.enum(['direct', 'fanout', 'topic', 'headers']),
  })
  .strict();

const ms = (max: number) => z.number().int().min(0).max(max);

export const queueNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('queue'),
    /** ms a message may wait (x-message-ttl) */
    messageTtl: ms(3_600_000).optional(),
    /** ready messages at most (x-max-length) */
    maxLength: z.number().int().min(0).max(1_000_000).optional(),
    overflow: z.enum(['drop-head', 'reject-publish']).optional(),
    /** the exchange node its dead letters go to */
    deadLetterExchange: id.optional(),
    deadLetterRoutingKey: z.string().max(255).optional(),
    /** deliveries at most before a message is dead-lettered (x-delivery-limit) */
    deliveryLimit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const consumerNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('consumer'),
    /** the queue node it consumes */
    queue: id,
    handler: handlerSpecSchema,
    /** Web Workers running the handler */
    workers: z.number().int().min(0).max(8).default(1),
    /** unacked deliveries at most per worker; 0 = unlimited */
    prefetch: z.number().int().min(0).max(1000).default(1),
  })
  .strict();

/** A service outside the lab that sends webhooks to an `http` node (drawn; it runs nothing). */
export const externalNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('external'),
  })
  .strict();

/**
 * An HTTP endpoint: webhooks that a real server (src/server) accepted enter the lab here and
 * go on along its edge to a bus or an exchange. The path is what it answers; a trailing `*`
 * takes every path below it (`/webhook/*`).
 */
export const httpNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('http'),
    method: z.literal('POST').default('POST'),
    path: z
      .string()
      .max(200, 'must be at most 200 characters')
      .regex(/^\/[A-Za-z0-9._~/-]*\*?$/, 'must be a URL path such as /webhook/order or /webhook/*'),
  })
  .strict();

/** Partitions a topic can have: enough to share among a group's members, few enough to draw. */
export const MAX_PARTITIONS = 12;
/** Members a consumer group can have (and the most its partitions are shared among). */
export const MAX_GROUP_MEMBERS = 8;
/** Records a second one member of a group can read. */
export const MAX_GROUP_RATE = 500;

/**
 * A Kafka-like topic (src/engine/log): records appended to partitions; `keyField` names the
 * payload field whose value is the record's key, which picks the partition (murmur2, as
 * Kafka), so one key's records keep their order; without it, records go round-robin.
 */
export const topicNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('topic'),
    partitions: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PARTITIONS, `must be at most ${MAX_PARTITIONS}`),
    /** records kept per partition; the oldest go first (retention by count) */
    retentionRecords: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000')
      .optional(),
    keyField: z
      .string()
      .max(100, 'must be at most 100 characters')
      .regex(
        /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/,
        'must be a payload field such as user or customer.id',
      )
      .optional(),
  })
  .strict();

/** A consumer group reading a topic: its members share the partitions, each at `rate`. */
export const groupNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('group'),
    /** the topic node it reads */
    topic: id,
    members: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_GROUP_MEMBERS, `must be at most ${MAX_GROUP_MEMBERS}`)
      .default(1),
    /** records a second each member reads */
    rate: z
      .number({ error: 'must be a number' })
      .min(0, 'must be 0 or more')
      .max(MAX_GROUP_RATE, `must be at most ${MAX_GROUP_RATE} records a second`)
      .default(5),
    /** where a group with no committed offset starts, and where a lost position goes */
    offsetReset: z.enum(['earliest', 'latest']).default('earliest'),
    /** commit after handling (at least once) or before (at most once) */
    delivery: z.enum(['at-least-once', 'at-most-once']).default('at-least-once'),
  })
  .strict();

export const NODE_KINDS = [
  'producer',
  'bus',
  'listener',
  'exchange',
  'queue',
  'consumer',
  'external',
  'http',
  'topic',
  'group',
  'saga',
  'service',
] as const;

export const nodeSchema = z.discriminatedUnion(
  'kind',
  [
    producerNodeSchema,
    busNodeSchema,
    listenerNodeSchema,
    exchangeNodeSchema,
    queueNodeSchema,
    consumerNodeSchema,
    externalNodeSchema,
    httpNodeSchema,
    topicNodeSchema,
    groupNodeSchema,
    sagaNodeSchema,
    serviceNodeSchema,
  ],
  { error: () => `unknown node kind: use one of ${NODE_KINDS.join(', ')}` },
);

export const edgeSchema = z.object({ id, source: id, target: id }).strict();

export const subscriptionSchema = z
  .object({
    id,
    bus: id,
    listener: id,
    pattern,
    active: z.boolean().default(true),
    /** the listener's method this subscription calls (e.g. send_email); default: record */
    handler: z.string().optional(),
  })
  .strict();

/** A queue bound to an exchange: the edge a routed message travels. */
export const bindingSchema = z
  .object({
    id,
    exchange: id,
    queue: id,
    /** routing or binding key: exact for direct, a topic pattern for topic, unused by fanout */
    key: z.string().max(255).default(''),
    /** headers exchanges: the headers to match and `x-match` (all or any) */
    args: z
      .record(z.string().max(100), z.union([z.string().max(200), z.number(), z.boolean()]))
      .optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    /** simulated time a message takes to travel one edge */
    hopMs: z.number().int().min(0).max(10_000).default(700),
    /** initial playback speed */
    speed: z.number().min(0.25).max(4).default(1),
    seed: z.number().int().default(1),
  })
  .strict();

export const guideSchema = z
  .object({
    /** what the lab is about, a paragraph */
    intro: localizedSchema,
    /** the course's own points, one line each */
    points: z.array(localizedSchema).max(20),
    /** things to try in the lab */
    tryIt: z.array(localizedSchema).max(20),
  })
  .strict();

export const scenarioSchema = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(SCENARIO_VERSION),
    id,
    title: localizedSchema,
    /** the course task it implements, when it is one of the course's labs */
    courseTask: z.number().int().min(1).max(99).optional(),
    // empty is a scenario too: the playground starts from nothing
    nodes: z.array(nodeSchema).max(500, 'a scenario holds at most 500 nodes'),
    edges: z.array(edgeSchema).max(2000),
    subscriptions: z.array(subscriptionSchema).max(2000),
    bindings: z.array(bindingSchema).max(2000).default([]),
    settings: settingsSchema.default({ hopMs: 700, speed: 1, seed: 1 }),
    guide: guideSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    const kinds = new Map<string, string>();
    s.nodes.forEach((node, i) => {
      if (kinds.has(node.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'id'],
          message: `duplicate node id "${node.id}"`,
        });
      }
      kinds.set(node.id, node.kind);
    });
    // edges, subscriptions and bindings share one id space: each is an edge on the canvas
    const ids = new Set<string>();
    const claim = (path: (string | number)[], id: string) => {
      if (ids.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}"` });
      ids.add(id);
    };
    const refer = (path: (string | number)[], ref: string, want?: string) => {
      const kind = kinds.get(ref);
      if (kind === undefined)
        ctx.addIssue({ code: 'custom', path, message: `no node has the id "${ref}"` });
      else if (want !== undefined && kind !== want) {
        ctx.addIssue({ code: 'custom', path, message: `"${ref}" is a ${kind}, not a ${want}` });
      }
    };
    s.edges.forEach((edge, i) => {
      claim(['edges', i, 'id'], edge.id);
      refer(['edges', i, 'source'], edge.source);
      refer(['edges', i, 'target'], edge.target);
    });
    const services = new Map(
      s.nodes.flatMap((n) => (n.kind === 'listener' ? [[n.id, n.service] as const] : [])),
    );
    s.bindings.forEach((b, i) => {
      claim(['bindings', i, 'id'], b.id);
      refer(['bindings', i, 'exchange'], b.exchange, 'exchange');
      refer(['bindings', i, 'queue'], b.queue, 'queue');
    });
    s.nodes.forEach((node, i) => {
      if (node.kind === 'consumer') refer(['nodes', i, 'queue'], node.queue, 'queue');
      if (node.kind === 'group') refer(['nodes', i, 'topic'], node.topic, 'topic');
      if (node.kind === 'queue' && node.deadLetterExchange !== undefined) {
        refer(['nodes', i, 'deadLetterExchange'], node.deadLetterExchange, 'exchange');
      }
    });
    s.subscriptions.forEach((sub, i) => {
      const service = services.get(sub.listener);
      if (service !== undefined && sub.handler !== undefined) {
        const known: readonly string[] = SERVICE_HANDLERS[service];
        if (!known.includes(sub.handler)) {
          ctx.addIssue({
            code: 'custom',
            path: ['subscriptions', i, 'handler'],
            message: `a ${service} listener has no handler "${sub.handler}" (it has: ${known.join(', ')})`,
          });
        }
      }
      claim(['subscriptions', i, 'id'], sub.id);
      refer(['subscriptions', i, 'bus'], sub.bus, 'bus');
      refer(['subscriptions', i, 'listener'], sub.listener, 'listener');
    });
    for (const issue of sagaProblems(s.nodes)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioNode = Scenario['nodes'][number];
export type ProducerNode = z.output<typeof producerNodeSchema>;
export type BusNode = z.output<typeof busNodeSchema>;
export type ListenerNode = z.output<typeof listenerNodeSchema>;
export type ExchangeNode = z.output<typeof exchangeNodeSchema>;
export type QueueNode = z.output<typeof queueNodeSchema>;
export type ConsumerNode = z.output<typeof consumerNodeSchema>;
export type ExternalNode = z.output<typeof externalNodeSchema>;
export type HttpNode = z.output<typeof httpNodeSchema>;
export type TopicNode = z.output<typeof topicNodeSchema>;
export type GroupNode = z.output<typeof groupNodeSchema>;
export type ScenarioBinding = Scenario['bindings'][number];
export type ScenarioEdge = Scenario['edges'][number];
export type ScenarioSubscription = Scenario['subscriptions'][number];
export type Localized = z.output<typeof localizedSchema>;
export type Guide = Scenario['guide'];
