import type { Localized, Scenario } from '../engine/scenario';
import { eventBusLab } from './eventBus';
import { kafkaSketch } from './kafka';
import { queueLab } from './queue';
import { rabbitmqLab } from './rabbitmq';
import { shopLab } from './shop';
import { webhookLab } from './webhook';

export interface LabEntry {
  readonly id: string;
  readonly courseTask: number;
  readonly level: Localized;
  readonly title: Localized;
  readonly summary: Localized;
  /** the scenario the generic canvas runs; undefined for a lab with a page of its own */
  readonly scenario: Scenario | undefined;
  /**
   * A lab drawn by a page of its own instead of the scenario canvas: the log labs, whose
   * picture is the log itself (records, offsets, cursors), not a graph of nodes; and the
   * saga, whose picture is its services and their stores in either of two modes.
   */
  readonly page?: 'replay' | 'kafka' | 'saga';
  /** a lab with a page of its own, as a scenario of nodes: what "open in playground" opens */
  readonly sketch?: Scenario;
}

/** Whether the lab can be opened (it has a scenario or a page of its own). */
export function isBuilt(lab: LabEntry): boolean {
  return lab.scenario !== undefined || lab.page !== undefined;
}

const basics = { en: 'Level 1 · basics', uk: 'Рівень 1 · основи' };
const intermediate = { en: 'Level 2 · intermediate', uk: 'Рівень 2 · середній' };
const advanced = { en: 'Level 3 · advanced', uk: 'Рівень 3 · просунутий' };
const hard = { en: 'Level 4 · hard mode', uk: 'Рівень 4 · складний' };

/** The course's labs, in course order. Each opens on its own at /labs/<id>. */
export const LABS: readonly LabEntry[] = [
  {
    id: 'event-bus',
    courseTask: 1,
    level: basics,
    title: eventBusLab.title,
    summary: {
      en: 'subscribe, unsubscribe, emit; exact and wildcard listeners; the event log.',
      uk: 'subscribe, unsubscribe, emit; точні й wildcard-слухачі; лог подій.',
    },
    scenario: eventBusLab,
  },
  {
    id: 'shop',
    courseTask: 3,
    level: intermediate,
    title: shopLab.title,
    summary: {
      en: 'OrderService, NotificationService and AnalyticsService on one bus.',
      uk: 'OrderService, NotificationService і AnalyticsService на одній шині.',
    },
    scenario: shopLab,
  },
  {
    id: 'queue',
    courseTask: 4,
    level: intermediate,
    title: queueLab.title,
    summary: {
      en: 'emit returns at once; workers in their own threads take events from a queue.',
      uk: 'emit повертається одразу; воркери у власних потоках беруть події з черги.',
    },
    scenario: queueLab,
  },
  {
    id: 'replay',
    courseTask: 5,
    level: advanced,
    title: { en: 'Event replay', uk: 'Відтворення подій (replay)' },
    summary: {
      en: 'An append-only log rebuilds an account’s balance without a database.',
      uk: 'Лог лише для додавання відновлює баланс рахунку без бази даних.',
    },
    scenario: undefined,
    page: 'replay',
  },
  {
    id: 'rabbitmq',
    courseTask: 6,
    level: advanced,
    title: rabbitmqLab.title,
    summary: {
      en: 'Producer → exchange → queues → consumers; acks, redelivery, dead letters.',
      uk: 'Producer → exchange → черги → consumers; ack, повторна доставка, dead letters.',
    },
    scenario: rabbitmqLab,
  },
  {
    id: 'webhook',
    courseTask: 7,
    level: advanced,
    title: webhookLab.title,
    summary: {
      en: 'POST /webhook/order answers 200 at once; the work goes on in the background.',
      uk: 'POST /webhook/order одразу відповідає 200; робота йде у фоні.',
    },
    scenario: webhookLab,
  },
  {
    id: 'kafka',
    courseTask: 8,
    level: hard,
    title: { en: 'Kafka on a log', uk: 'Kafka на лозі' },
    summary: {
      en: 'Offsets, independent consumers, replay from zero.',
      uk: 'Офсети, незалежні споживачі, replay з нуля.',
    },
    scenario: undefined,
    page: 'kafka',
    sketch: kafkaSketch,
  },
  {
    id: 'saga',
    courseTask: 9,
    level: hard,
    title: { en: 'Saga', uk: 'Сага' },
    summary: {
      en: 'A transaction across services, compensated in reverse when a step fails.',
      uk: 'Транзакція між сервісами з компенсацією у зворотному порядку, коли крок падає.',
    },
    scenario: undefined,
    page: 'saga',
  },
];

export function findLab(id: string): LabEntry | undefined {
  return LABS.find((lab) => lab.id === id);
}
