import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { opaqueModel } from './serviceModel';
import { type ShopStores, shopProblems } from './shop/invariants';
import { inventoryModel } from './shop/inventory';
import type { Order } from './shop/order';
import { orderSagaDefinition } from './shop/orderSaga';
import { paymentModel } from './shop/payment';
import { shippingModel } from './shop/shipping';
import { flakyShopFaults, type Mode, memoryStores, SagaWorld } from './testing';

/**
 * Many orders at once through the shop's saga, with failures drawn from a seed: flaky
 * services (a try fails, or answers after its timeout), stock running out, cards declined,
 * duplicated and late messages and events, and for some seeds a restart in the middle.
 * Whatever happens, once every saga has ended the stores must agree with the outcomes.
 */

/** How often a message or event is sent twice, or held back for up to 4 s. */
interface Rates {
  readonly duplicate: number;
  readonly delay: number;
}

async function shopRun(
  seed: number,
  mode: Mode,
  restart: boolean,
  rates: Rates = { duplicate: 0.1, delay: 0.05 },
) {
  const rng = createRng(seed);
  const stock = { apple: rng.int(5, 30), pear: rng.int(5, 30) };
  const pivot = rng.chance(0.5) ? ('charge' as const) : undefined;
  const faults = flakyShopFaults(seed);
  const dup = createRng(seed + 1);
  let w = await SagaWorld.build({
    mode,
    definition: orderSagaDefinition({
      timeoutMs: 1_000,
      attempts: 3,
      backoffMs: 100,
      ...(pivot ? { pivot } : {}),
    }),
    models: [
      opaqueModel(inventoryModel(stock)),
      opaqueModel(paymentModel({ declineOver: 900 })),
      opaqueModel(shippingModel()),
    ],
    faults,
    openStore: memoryStores(),
    duplicate: () => dup.chance(rates.duplicate),
    // a message now and then waits in its queue past its try's timeout, and arrives late
    delay: () => (dup.chance(rates.delay) ? dup.int(0, 4_000) : 0),
    // choreography: events published twice or late, so they reorder
    eventDuplicate: () => dup.chance(rates.duplicate),
    eventDelay: () => (dup.chance(rates.delay) ? dup.int(0, 4_000) : 0),
  });
  const orders: Order[] = Array.from({ length: rng.int(10, 40) }, (_, i) => ({
    orderId: `o${i}`,
    sku: rng.chance(0.5) ? 'apple' : 'pear',
    qty: rng.int(1, 5),
    amount: rng.int(10, 1_000),
  }));
  for (const order of orders) {
    const world = w;
    world.clock.setTimeout(() => world.start(order.orderId, order), rng.int(0, 3_000));
  }
  if (restart) {
    // once every order has started (their timers would be lost with the page)
    const at = w.clock.now() + 3_000 + rng.int(0, 3_000);
    await w.run({ untilMs: at - w.clock.now() });
    w = await w.restart();
  }
  await w.run();
  const stores = Object.fromEntries(
    [...w.services].map(([n, s]) => [n, s.state]),
  ) as unknown as ShopStores;
  const outcomes = orders.map((order) => ({
    order,
    status: w.saga(order.orderId)?.status ?? 'running',
  }));
  return { problems: shopProblems(stores, outcomes, stock), outcomes, pivot };
}

describe('shop saga property, regression seeds', () => {
  const cases: [seed: number, mode: Mode, rates?: Rates, why?: string][] = [
    // a try's command waited in its queue past the step's last (clean) failure and booked a
    // delivery for an aborted order: a step with any timed-out try is now undone as in doubt
    [291, 'orchestration'],
    // a late or repeated event took a service's copy of an instance back past where it was,
    // and the undo it owed never came: facts a copy has moved past are now ignored
    [76, 'choreography', { duplicate: 0.3, delay: 0.3 }],
  ];
  it.each(cases)('seed %i (%s) holds', async (seed, mode, rates) => {
    const { problems } = await shopRun(seed, mode, seed % 3 === 0, rates);
    expect(problems).toEqual([]);
  });
});

describe.each<Mode>(['orchestration', 'choreography'])('shop saga property, %s', (mode) => {
  it('holds the stores invariants over 40 seeded runs of concurrent orders', async () => {
    const statuses = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { problems, outcomes } = await shopRun(seed, mode, seed % 3 === 0);
      expect(problems, `seed ${seed}`).toEqual([]);
      for (const o of outcomes) statuses.add(o.status);
    }
    // the runs did exercise both ends
    expect([...statuses].sort()).toEqual(['aborted', 'completed']);
  });
});
