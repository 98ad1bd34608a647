import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 8 (course task 8) as a playground sketch: the lab draws the log itself on a page of its
 * own (src/ui/log), and this is the same system as nodes, for "open in playground". The
 * shop's producer appends orders to `orders` (three partitions, the customer is the key);
 * analytics reads at 10 a second, billing at 3, and shipping's two members share the
 * partitions at 4 each (src/engine/kafka/KafkaLab.ts: DEFAULT_CONSUMERS).
 */
export const kafkaSketch: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'kafka',
  courseTask: 8,
  title: { en: 'Kafka on a log', uk: 'Kafka на лозі' },
  nodes: [
    {
      id: 'shop',
      kind: 'producer',
      label: 'shop',
      load: true,
      position: { x: 0, y: 150 },
      description: {
        en: 'Appends order.created; the customer is the key.',
        uk: 'Додає order.created; ключ — покупець.',
      },
      emits: [
        {
          event: 'order.created',
          data: {
            order_id: 'o-{{seq}}',
            customer: '{{pick anna|bohdan|chen|dmytro|eva|farid|galyna}}',
            amount: '{{random 25 1000}}',
          },
        },
      ],
    },
    {
      id: 'orders',
      kind: 'topic',
      label: 'orders',
      partitions: 3,
      keyField: 'customer',
      position: { x: 320, y: 110 },
      description: {
        en: 'One customer’s orders stay in order in one partition.',
        uk: 'Замовлення одного покупця лишаються по порядку в одній партиції.',
      },
    },
    {
      id: 'analytics',
      kind: 'group',
      label: 'analytics',
      topic: 'orders',
      members: 1,
      rate: 10,
      position: { x: 680, y: 0 },
    },
    {
      id: 'billing',
      kind: 'group',
      label: 'billing',
      topic: 'orders',
      members: 1,
      rate: 3,
      position: { x: 680, y: 220 },
    },
    {
      id: 'shipping',
      kind: 'group',
      label: 'shipping',
      topic: 'orders',
      members: 2,
      rate: 4,
      position: { x: 680, y: 440 },
    },
  ],
  edges: [{ id: 'append', source: 'shop', target: 'orders' }],
  subscriptions: [],
  settings: { hopMs: 500, speed: 1, seed: 8 },
  guide: {
    intro: {
      en: 'A log keeps every record; each consumer group reads it at its own pace from its own committed offsets.',
      uk: 'Лог зберігає кожен запис; кожна група споживачів читає його у своєму темпі від своїх закомічених офсетів.',
    },
    points: [],
    tryIt: [],
  },
});
