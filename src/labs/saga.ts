import { commandQueue, REPLY_QUEUE } from '../engine/saga';
import { type Scenario, scenarioOrThrow } from '../engine/scenario';
import { SAGA_SERVICES } from '../engine/scenario/sagaSchema';
import type { SagaMode } from '../engine/sim';

/**
 * Lab 9 (course task 9): the saga. The services, the orchestrator and the person who orders
 * are drawn by the saga page (src/ui/saga); the scenario holds what the Simulation runs them
 * over: the broker's queues for orchestration (named as the saga's transport names them, so
 * its messages land on them), the bus for choreography, the hop and the seed.
 */
const shared = {
  format: 'eventlab.scenario',
  version: 1,
  courseTask: 9,
  title: { en: 'Saga', uk: 'Сага' },
  edges: [],
  subscriptions: [],
  bindings: [],
  // a round trip is 4 hops (2 s): slow enough to follow a step, a saga ends in about 7 s
  settings: { hopMs: 500, speed: 1, seed: 9 },
} as const;

const at = { x: 0, y: 0 };

// named by the saga's transport, so its messages land on these nodes
const SAGA_QUEUES = [...SAGA_SERVICES.map(commandQueue), REPLY_QUEUE];

export const SAGA_BUS = 'events';

export const SAGA_GUIDE: Scenario['guide'] = {
  intro: {
    en: 'An order across three services, each with its own store and no shared database: reserve the goods (inventory), charge the money (payment), create the delivery (shipping). When a step fails, the steps already done are undone in reverse: cancel the delivery, refund, release the reservation. Every action is written to the saga log first, so the timeline below shows where each order failed, and a reload goes on from the log.',
    uk: 'Замовлення через три сервіси, кожен зі своїм сховищем і без спільної бази даних: зарезервувати товар (inventory), списати гроші (payment), створити доставку (shipping). Коли крок падає, уже виконані кроки скасовуються у зворотному порядку: скасувати доставку, повернути гроші, зняти резерв. Кожна дія спершу пишеться в лог саги, тож таймлайн нижче показує, де впало кожне замовлення, а після перезавантаження сага продовжується з логу.',
  },
  points: [
    {
      en: 'Orchestration: one orchestrator sends each service a command on its queue and waits for the reply on saga-replies; it alone knows the order of the steps.',
      uk: 'Оркестрація: один оркестратор надсилає кожному сервісу команду в його чергу й чекає відповіді в saga-replies; лише він знає порядок кроків.',
    },
    {
      en: 'Choreography: no controller. Each service reacts to the events of its neighbours on the bus (order.created → inventory.reserved → payment.charged → …) and publishes its own.',
      uk: 'Хореографія: без диспетчера. Кожен сервіс реагує на події сусідів на шині (order.created → inventory.reserved → payment.charged → …) і публікує свої.',
    },
    {
      en: 'Compensation: when step k fails for good, exactly the steps before it are undone, k−1 down to 1. Undo messages are drawn violet with a dashed ring.',
      uk: 'Компенсація: коли крок k падає остаточно, скасовуються саме кроки перед ним, від k−1 до 1. Повідомлення скасування — фіолетові, з пунктирним кільцем.',
    },
    {
      en: 'A step that timed out is in doubt (it may have run), so it is undone too. Every try carries an idempotency key: a retry or a duplicate is applied once.',
      uk: 'Крок, що перевищив тайм-аут, під сумнівом (він міг виконатися), тож його теж скасовують. Кожна спроба має ключ ідемпотентності: повтор чи дублікат застосовується один раз.',
    },
    {
      en: 'The check: money charged minus refunded equals the value of the delivered orders, and every unit of stock is on the shelf or held for a delivered order.',
      uk: 'Перевірка: списані гроші мінус повернені дорівнюють вартості доставлених замовлень, а кожна одиниця товару або на полиці, або зарезервована під доставлене замовлення.',
    },
  ],
  tryIt: [
    {
      en: 'Start an order and follow it: three commands down, three replies back, and its timeline ends in completed.',
      uk: 'Запустіть замовлення й простежте: три команди вниз, три відповіді назад, і його таймлайн закінчується completed.',
    },
    {
      en: 'Make ship fail always and start an order: it is retried, then cancelled; the refund and the release travel back in reverse.',
      uk: 'Зробіть так, щоб ship завжди падав, і запустіть замовлення: його повторять, потім скасують; повернення грошей і зняття резерву йдуть назад у зворотному порядку.',
    },
    {
      en: 'Make charge fail once: the retry succeeds and nothing is undone. Make it time out: the step is in doubt and is refunded too.',
      uk: 'Зробіть так, щоб charge упав один раз: повтор вдається, нічого не скасовується. Поставте тайм-аут: крок під сумнівом, і гроші теж повертають.',
    },
    {
      en: 'Start three orders at once, reload the page in the middle of a compensation: the sagas go on from the log to the same end.',
      uk: 'Запустіть три замовлення одразу й перезавантажте сторінку посеред компенсації: саги продовжаться з логу до того самого кінця.',
    },
    {
      en: 'Start an order and press Kill on payment’s worker while it holds the charge: the command goes back to its queue, a new worker decides it again, and the money is charged once.',
      uk: 'Запустіть замовлення й натисніть Kill на воркері payment, поки він тримає charge: команда повертається в чергу, новий воркер вирішує її знову, і гроші списуються один раз.',
    },
    {
      en: 'Make charge’s undo fail twice and ship fail always: the refund is retried until it is applied, once. Set the pivot at charge: a failing delivery is then retried forward instead of undone.',
      uk: 'Зробіть так, щоб відкат charge падав двічі, а ship завжди: повернення повторюють, доки воно не застосується, один раз. Поставте pivot на charge: тоді доставку, що падає, повторюють уперед, а не скасовують.',
    },
    {
      en: 'Switch to choreography and do the same: the services talk through events on the bus; nobody holds the whole saga.',
      uk: 'Перемкніться на хореографію й повторіть: сервіси спілкуються подіями на шині; всю сагу не тримає ніхто.',
    },
  ],
};

/** What the Simulation runs a mode's saga over: its queues, or its bus. */
export function sagaScenario(mode: SagaMode): Scenario {
  const nodes =
    mode === 'orchestration'
      ? SAGA_QUEUES.map((id) => ({ id, kind: 'queue' as const, label: id, position: at }))
      : [{ id: SAGA_BUS, kind: 'bus' as const, label: SAGA_BUS, position: at }];
  return scenarioOrThrow({ ...shared, id: `saga-${mode}`, nodes, guide: SAGA_GUIDE });
}
