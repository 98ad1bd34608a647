import { expect, type Page, test } from '@playwright/test';
import { expectNoPageErrors, readTrace } from './fixtures';

expectNoPageErrors(test);

type Mode = 'orchestration' | 'choreography';

/** One order as the page's engine holds it: its saga and what each store keeps for it. */
interface OrderOutcome {
  status: string;
  compensated: number[];
  failedStep: string | undefined;
  reserved: boolean;
  charged: number;
  refunded: number;
  delivery: string | undefined;
}

/** A person's view of the saga lab: the controls they use and what they read. */
class SagaLab {
  constructor(readonly page: Page) {}

  async open(mode: Mode) {
    await this.page.goto(mode === 'orchestration' ? '/labs/saga' : '/labs/saga?mode=choreography');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Saga' })).toBeVisible();
    await expect(this.modeButton(mode)).toHaveAttribute('aria-pressed', 'true');
    await this.ready();
  }

  /** The saga has opened its log (after a load or a reload). */
  async ready() {
    // opening reads the logs from IndexedDB: on a busy machine that can take a while
    await expect(this.page.getByRole('region', { name: 'Make a step fail' })).toBeVisible({
      timeout: 15_000,
    });
  }

  /** Pauses the run so the reload lands where the test says: the order is still `status`. */
  async reloadWhile(id: string, status: string) {
    await this.page.getByRole('button', { name: 'Pause' }).click();
    expect((await this.outcome(id))?.status).toBe(status);
    await this.page.reload();
    await this.ready();
  }

  modeButton(mode: Mode) {
    return this.page
      .getByRole('group', { name: 'How the saga runs' })
      .getByRole('button', { name: mode === 'orchestration' ? 'Orchestration' : 'Choreography' });
  }

  fast() {
    return this.page.getByRole('button', { name: 'Speed 4x' }).click();
  }

  async order(fields: { sku?: string; qty?: number; amount?: number } = {}) {
    const form = this.page.getByRole('region', { name: 'New order' });
    if (fields.sku !== undefined) await form.getByLabel('Item').selectOption(fields.sku);
    if (fields.qty !== undefined) await form.getByLabel('Units').fill(String(fields.qty));
    if (fields.amount !== undefined)
      await form.getByLabel('Amount, UAH').fill(String(fields.amount));
    await form.getByRole('button', { name: 'Start order', exact: true }).click();
  }

  breakStep(step: 'reserve' | 'charge' | 'ship', how: 'works' | 'always' | 'once' | 'timeout') {
    return this.page
      .getByRole('region', { name: 'Make a step fail' })
      .getByLabel(new RegExp(`^${step} `))
      .selectOption(how);
  }

  status(id: string) {
    return this.page.getByTestId(`status-${id}`);
  }

  /** The texts of one kind of fact in an order's timeline, in the log's order. */
  facts(id: string, type: string) {
    return this.page.getByTestId(`saga-${id}`).locator(`li[data-fact="saga.${type}"]`);
  }

  get check() {
    return this.page.getByTestId('saga-check');
  }

  async totals() {
    const read = async (id: string) => Number(await this.page.getByTestId(id).textContent());
    return {
      charged: await read('total-charged'),
      refunded: await read('total-refunded'),
      kept: await read('total-kept'),
      delivered: await read('total-delivered'),
    };
  }

  outcome(id: string): Promise<OrderOutcome | undefined> {
    return this.page.evaluate((orderId) => {
      type Snap = {
        saga?: {
          instances: {
            saga: string;
            status: string;
            compensated: number[];
            failure?: { step: string };
          }[];
          stores: {
            inventory: { reservations: Record<string, unknown> };
            payment: { charged: Record<string, number>; refunded: Record<string, number> };
            shipping: { deliveries: Record<string, { status: string }> };
          };
        };
      };
      const saga = (window as unknown as { eventlab?: { snapshot(): Snap } }).eventlab?.snapshot()
        .saga;
      const instance = saga?.instances.find((i) => i.saga === orderId);
      if (saga === undefined || instance === undefined) return undefined;
      const { inventory, payment, shipping } = saga.stores;
      return {
        status: instance.status,
        compensated: [...instance.compensated],
        failedStep: instance.failure?.step,
        reserved: inventory.reservations[orderId] !== undefined,
        charged: payment.charged[orderId] ?? 0,
        refunded: payment.refunded[orderId] ?? 0,
        delivery: shipping.deliveries[orderId]?.status,
      };
    }, id);
  }

  /** Every order's status at this moment. */
  statuses(): Promise<string[]> {
    return this.page.evaluate(() => {
      type Snap = { saga?: { instances: { status: string }[] } };
      const snap = (window as unknown as { eventlab?: { snapshot(): Snap } }).eventlab?.snapshot();
      return snap?.saga?.instances.map((i) => i.status) ?? [];
    });
  }

  /** What the saga's messages carried, in the order they were sent (the page's trace). */
  async sent(): Promise<{ from: string; to: string; event: string; undo: boolean }[]> {
    type Sent = {
      type: string;
      from: string;
      to: string;
      event: string;
      data: { kind?: string; command?: { work: string } };
    };
    const trace = (await readTrace(this.page)) as Sent[];
    return trace
      .filter((e) => e.type === 'message.sent')
      .map((e) => ({
        from: e.from,
        to: e.to,
        event: e.event,
        undo: e.data.command?.work === 'compensation',
      }));
  }
}

const SETTLE = { timeout: 20_000 };

/** The lab opened in a mode and sped up to 4x, as most tests begin. */
async function openFast(page: Page, mode: Mode): Promise<SagaLab> {
  const lab = new SagaLab(page);
  await lab.open(mode);
  await lab.fast();
  return lab;
}

for (const mode of ['orchestration', 'choreography'] as const) {
  test.describe(`the saga lab, ${mode}`, () => {
    test('orders complete, a failing step is undone in reverse, and the totals add up', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const lab = await openFast(page, mode);

      await lab.order({ sku: 'apple', qty: 2, amount: 300 });
      await expect(lab.status('o1')).toHaveText('completed', SETTLE);
      await expect(page.getByTestId('deliveries-created')).toHaveText('1');
      await expect(lab.check).toContainText('Holds');

      // the delivery fails for good: the charge, then the reservation, are undone
      await lab.breakStep('ship', 'always');
      await expect(page.getByTestId('fault-shipping')).toContainText('fails always');
      await lab.order({ sku: 'apple', qty: 2, amount: 300 });
      await expect(lab.check).toContainText('still running');
      await expect(lab.status('o2')).toHaveText('aborted', SETTLE);
      await expect(page.getByTestId('failed-here-o2')).toContainText('ship');
      await expect(lab.facts('o2', 'step-retried')).toHaveCount(2);
      await expect(lab.facts('o2', 'compensated')).toHaveText([/charge undone/, /reserve undone/]);
      const sent = await lab.sent();
      if (mode === 'orchestration') {
        // the undo commands, on their way from the orchestrator, newest step first
        const undos = sent.filter((m) => m.undo && m.from === 'orchestrator');
        expect(undos.map((m) => m.to)).toEqual([
          'saga-payment-commands',
          'saga-inventory-commands',
        ]);
      } else {
        // no controller: payment hears the failure and refunds, inventory hears the refund
        const events = sent.filter((m) => m.to === 'events').map((m) => `${m.from}:${m.event}`);
        const failed = events.indexOf('shipping:shipping.failed');
        const refunded = events.indexOf('payment:payment.refunded');
        const released = events.indexOf('inventory:inventory.released');
        expect(failed).toBeGreaterThanOrEqual(0);
        expect(refunded).toBeGreaterThan(failed);
        expect(released).toBeGreaterThan(refunded);
      }
      expect(await lab.totals()).toEqual({
        charged: 600,
        refunded: 300,
        kept: 300,
        delivered: 300,
      });
      await expect(lab.check).toContainText('Holds');
      await expect(page.getByTestId('stock-apple')).toHaveText('18');

      // several sagas at once, the delivery working again
      // paused, so the three are seen running together before any of them moves on
      await lab.breakStep('ship', 'works');
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('button', { name: 'Start 3 orders at once' }).click();
      await expect
        .poll(async () => (await lab.statuses()).filter((s) => s === 'running').length)
        .toBe(3);
      await expect(page.getByTestId('instances-running')).toHaveCount(
        mode === 'orchestration' ? 1 : 0,
      );
      if (mode === 'orchestration')
        await expect(page.getByTestId('instances-running')).toHaveText('3');
      await page.getByRole('button', { name: 'Resume' }).click();
      await expect
        .poll(async () => (await lab.statuses()).filter((s) => s === 'running').length, SETTLE)
        .toBe(0);
      await expect(lab.check).toContainText('Holds');
      const totals = await lab.totals();
      expect(totals.charged - totals.refunded).toBe(totals.delivered);
    });

    test('a step that fails once is retried; one that times out is in doubt and undone', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const lab = await openFast(page, mode);

      await lab.breakStep('charge', 'once');
      await lab.order({ sku: 'pear', qty: 1, amount: 120 });
      await expect(lab.status('o1')).toHaveText('completed', SETTLE);
      await expect(lab.facts('o1', 'step-retried')).toHaveText([/charge try 2/]);
      await expect(lab.facts('o1', 'compensated')).toHaveCount(0);

      // the charge runs but answers too late, every try: it may have happened, so it is refunded
      await lab.breakStep('charge', 'timeout');
      await lab.order({ sku: 'pear', qty: 1, amount: 80 });
      await expect(lab.status('o2')).toHaveText('aborted', { timeout: 40_000 });
      await expect(lab.facts('o2', 'step-timed-out').first()).toContainText('timed out');
      await expect(page.getByTestId('failed-here-o2')).toContainText('charge');
      await expect(lab.facts('o2', 'compensated')).toHaveText([/charge undone/, /reserve undone/]);
      const o2 = await lab.outcome('o2');
      expect(o2).toMatchObject({ reserved: false, delivery: undefined });
      expect(o2?.charged).toBe(o2?.refunded);
      await expect(lab.check).toContainText('Holds', SETTLE);
    });

    test('a reload during a saga and during its compensation ends as without the reload', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const lab = await openFast(page, mode);
      await lab.breakStep('ship', 'always');

      // without a reload
      await lab.order({ sku: 'apple', qty: 2, amount: 300 });
      await expect(lab.status('o1')).toHaveText('aborted', SETTLE);
      const uninterrupted = await lab.outcome('o1');
      expect(uninterrupted).toEqual({
        status: 'aborted',
        compensated: [1, 0],
        failedStep: 'ship',
        reserved: false,
        charged: 300,
        refunded: 300,
        delivery: undefined,
      });

      // the same order, reloaded while it goes forward, then while it is undone
      await lab.order({ sku: 'apple', qty: 2, amount: 300 });
      await expect(lab.facts('o2', 'step-succeeded').first()).toContainText('reserve', SETTLE);
      await lab.reloadWhile('o2', 'running');
      await expect(lab.status('o2')).toHaveText('compensating', SETTLE);
      await lab.reloadWhile('o2', 'compensating');
      // the fault came back with the page: it is configuration the page keeps
      await expect(page.getByTestId('fault-shipping')).toContainText('fails always');
      await expect(lab.status('o2')).toHaveText('aborted', SETTLE);
      expect(await lab.outcome('o2')).toEqual(uninterrupted);
      await expect(lab.facts('o2', 'compensated')).toHaveText([/charge undone/, /reserve undone/]);
      expect(await lab.totals()).toEqual({ charged: 600, refunded: 600, kept: 0, delivered: 0 });
      await expect(page.getByTestId('stock-apple')).toHaveText('20');
      await expect(lab.check).toContainText('Holds');
    });
  });
}

test('the two modes are one flow with two logs: switching keeps each mode’s orders', async ({
  page,
}) => {
  const lab = new SagaLab(page);
  await lab.open('orchestration');
  await expect(page.getByTestId('node-orchestrator')).toBeVisible();
  await expect(page.getByTestId('node-saga-payment-commands')).toBeVisible();
  await lab.fast();
  await lab.order();
  await expect(lab.status('o1')).toHaveText('completed', SETTLE);

  await lab.modeButton('choreography').click();
  await expect(page).toHaveURL(/mode=choreography/);
  await lab.ready();
  await expect(page.getByTestId('node-events')).toBeVisible();
  await expect(page.getByTestId('node-orchestrator')).toHaveCount(0);
  for (const service of ['inventory', 'payment', 'shipping']) {
    await expect(page.getByTestId(`node-${service}`)).toBeVisible();
  }
  await expect(page.getByText('No orders yet.')).toBeVisible();

  await lab.modeButton('orchestration').click();
  await lab.ready();
  await expect(lab.status('o1')).toHaveText('completed');
});

test('the guide and the controls speak Ukrainian too', async ({ page }) => {
  const lab = new SagaLab(page);
  await lab.open('orchestration');
  await page.getByRole('button', { name: 'Українська' }).click();
  await expect(page.getByRole('button', { name: 'Хореографія' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Запустити замовлення' })).toBeVisible();
  await expect(page.getByText('Компенсація: коли крок k падає остаточно')).toBeVisible();
});

test('a second tab of the same mode says the first has its log', async ({ page, context }) => {
  const lab = new SagaLab(page);
  await lab.open('orchestration');
  const second = await context.newPage();
  await second.goto('/labs/saga');
  await expect(second.getByRole('alert')).toContainText('open in another tab', { timeout: 10_000 });
  await second.close();
  // the other mode has a log of its own, which the first tab does not hold
  await lab.modeButton('choreography').click();
  await lab.ready();
});

test('start over: a new, empty log and the faults cleared; the old log is deleted', async ({
  page,
}) => {
  const lab = await openFast(page, 'orchestration');
  await lab.breakStep('charge', 'once');
  await lab.order({ sku: 'apple', qty: 3, amount: 90 });
  await expect(lab.status('o1')).toHaveText('completed', SETTLE);
  await expect(page.getByTestId('stock-apple')).toHaveText('17');

  await page.getByRole('button', { name: 'Start over' }).click();
  await lab.ready();
  await expect(page.getByText('No orders yet.')).toBeVisible();
  await expect(page.getByTestId('stock-apple')).toHaveText('20');
  await expect(page.getByTestId('fault-payment')).toHaveCount(0);
  const logs = () =>
    page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('saga')),
    );
  await expect.poll(logs).toEqual([expect.stringMatching(/saga-orchestration-1$/)]);
  // and it stays the mode's log after a reload
  await lab.order({ sku: 'pear', qty: 1, amount: 10 });
  await expect(lab.status('o1')).toHaveText('completed', SETTLE);
  await page.reload();
  await lab.ready();
  await expect(lab.status('o1')).toHaveText('completed');
  await expect(page.getByTestId('stock-pear')).toHaveText('9');
});

test.describe('the saga lab, orchestration: the services decide in Web Workers', () => {
  /** Waits until a service's worker is busy with a command (it holds one). */
  async function busy(page: Page, worker: string) {
    await expect(page.getByTestId(`worker-${worker}`)).toHaveClass(/is-busy/, SETTLE);
    await expect(page.getByTestId(`worker-${worker}`)).toContainText('holding 1');
  }

  /** The saga's trace: who decided each command, and which deliveries were redelivered. */
  async function workerTrace(page: Page) {
    type Event = {
      type: string;
      service?: string;
      name?: string;
      worker?: string;
      duplicate?: boolean;
      queue?: string;
      redelivered?: boolean;
    };
    const trace = (await readTrace(page)) as Event[];
    return {
      decided: trace
        .filter((e) => e.type === 'saga.service-handled')
        .map((e) => `${e.name}@${e.worker}${e.duplicate ? ' (seen)' : ''}`),
      redelivered: trace
        .filter((e) => e.type === 'broker.delivered' && e.redelivered)
        .map((e) => e.queue),
    };
  }

  test('a worker killed mid-command: the command is redelivered, the saga ends right', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const lab = new SagaLab(page);
    await lab.open('orchestration');
    for (const service of ['inventory', 'payment', 'shipping']) {
      await expect(page.getByTestId(`worker-${service}:w1`)).toBeVisible();
    }
    // half speed: a worker spends a hop on a command, a second here, time enough to kill it
    await page.getByRole('button', { name: 'Speed 0.5x' }).click();

    // forward: payment's worker dies holding the charge
    await lab.order({ sku: 'apple', qty: 2, amount: 300 });
    await busy(page, 'payment:w1');
    await page.getByRole('button', { name: 'Kill worker payment:w1' }).click();
    await expect(page.getByTestId('workers-lost-payment')).toHaveText('workers lost: 1');
    await expect(page.getByTestId('worker-payment:w2')).toBeVisible();
    await expect(lab.status('o1')).toHaveText('completed', SETTLE);
    expect(await lab.outcome('o1')).toMatchObject({ charged: 300, refunded: 0 });
    let trace = await workerTrace(page);
    expect(trace.redelivered).toEqual(['saga-payment-commands']);
    expect(trace.decided).toEqual([
      'reserve@inventory:w1',
      'charge@payment:w2',
      'create-delivery@shipping:w1',
    ]);

    // back: the delivery fails for good, and payment's new worker dies holding the refund
    await lab.breakStep('ship', 'always');
    await lab.fast();
    await lab.order({ sku: 'apple', qty: 1, amount: 70 });
    // the delivery's last try is on its way: slow down again to catch the refund at payment
    await expect(lab.facts('o2', 'step-retried')).toHaveCount(2, SETTLE);
    await page.getByRole('button', { name: 'Speed 0.5x' }).click();
    await expect(lab.status('o2')).toHaveText('compensating', SETTLE);
    await busy(page, 'payment:w2');
    await page.getByRole('button', { name: 'Kill worker payment:w2' }).click();
    await expect(lab.status('o2')).toHaveText('aborted', SETTLE);
    expect(await lab.outcome('o2')).toMatchObject({
      compensated: [1, 0],
      reserved: false,
      charged: 70,
      refunded: 70,
    });
    trace = await workerTrace(page);
    expect(trace.redelivered).toEqual(['saga-payment-commands', 'saga-payment-commands']);
    expect(trace.decided.filter((d) => d.startsWith('refund'))).toEqual(['refund@payment:w3']);
    await expect(lab.check).toContainText('Holds', SETTLE);
    expect(await lab.totals()).toEqual({ charged: 370, refunded: 70, kept: 300, delivered: 300 });
  });

  test('a failing undo is retried until applied; past the pivot a step is retried forward', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const lab = await openFast(page, 'orchestration');
    const faults = page.getByRole('region', { name: 'Make a step fail' });

    // the refund fails twice, then is applied once
    await lab.breakStep('ship', 'always');
    await faults.getByLabel(/^undo of charge /).selectOption('twice');
    await lab.order({ sku: 'pear', qty: 1, amount: 50 });
    await expect(lab.status('o1')).toHaveText('aborted', SETTLE);
    await expect(lab.facts('o1', 'compensation-failed')).toHaveCount(2);
    await expect(lab.facts('o1', 'compensated')).toHaveText([/charge undone/, /reserve undone/]);
    expect(await lab.outcome('o1')).toMatchObject({ charged: 50, refunded: 50 });

    // committed once paid: the delivery keeps failing, and is tried again, never undone
    const pivot = faults.getByLabel('Pivot (committed after it)');
    await pivot.selectOption('charge');
    await lab.ready();
    await expect(pivot).toHaveValue('charge');
    await lab.fast();
    await lab.order({ sku: 'pear', qty: 1, amount: 40 });
    await expect(lab.facts('o2', 'step-retried')).toHaveCount(4, SETTLE);
    await expect(pivot).toBeDisabled();
    expect(await lab.outcome('o2')).toMatchObject({ status: 'running', compensated: [] });
    await lab.breakStep('ship', 'works');
    await expect(lab.status('o2')).toHaveText('completed', SETTLE);
    await expect(lab.check).toContainText('Holds');
    // the pivot is kept with the page, as the faults are
    await page.reload();
    await lab.ready();
    await expect(pivot).toHaveValue('charge');
  });
});
