import { scenarioOrThrow } from '../scenario/parse';
import type { Scenario } from '../scenario/schema';
import { SCENARIO_FORMAT, SCENARIO_VERSION } from '../scenario/schema';

/**
 * A Kafka sketch for tests: `app` (a producer whose payload's `user` is one of six) ->
 * `orders` (a topic keyed by `user`) -> the groups `fast` and `slow`, one member each.
 */
export function kafkaScenario(
  options: {
    readonly partitions?: number;
    readonly fast?: Record<string, unknown>;
    readonly slow?: Record<string, unknown>;
    readonly topic?: Record<string, unknown>;
    readonly seed?: number;
  } = {},
): Scenario {
  const position = { x: 0, y: 0 };
  return scenarioOrThrow({
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: 'kafka-sketch',
    title: { en: 'Kafka sketch', uk: 'Kafka' },
    nodes: [
      {
        id: 'app',
        kind: 'producer',
        label: 'app',
        position,
        emits: [
          { event: 'order.created', data: { user: '{{pick ann|bo|cy|di|ed|flo}}', n: '{{seq}}' } },
        ],
        load: true,
      },
      {
        id: 'orders',
        kind: 'topic',
        label: 'orders',
        position,
        partitions: options.partitions ?? 3,
        keyField: 'user',
        ...options.topic,
      },
      {
        id: 'fast',
        kind: 'group',
        label: 'fast',
        position,
        topic: 'orders',
        rate: 10,
        ...options.fast,
      },
      {
        id: 'slow',
        kind: 'group',
        label: 'slow',
        position,
        topic: 'orders',
        rate: 2,
        ...options.slow,
      },
    ],
    edges: [{ id: 'e1', source: 'app', target: 'orders' }],
    subscriptions: [],
    settings: { hopMs: 200, speed: 1, seed: options.seed ?? 1 },
    guide: { intro: { en: '', uk: '' }, points: [], tryIt: [] },
  });
}
