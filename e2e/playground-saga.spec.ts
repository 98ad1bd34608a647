import { expect, type Page, test } from '@playwright/test';
import { expectNoPageErrors, readTrace } from './fixtures';
import { clickFollowedDot, connect, node, settings } from './playgroundPage';

expectNoPageErrors(test);
// room for the canvas, the settings and the tables in the screenshots
test.use({ viewport: { width: 1440, height: 1000 } });

/** The fields of the saga's trace events this test reads. */
interface SagaTraceLike {
  readonly type: string;
  readonly saga?: string;
  readonly step?: string;
  readonly from?: string;
  readonly event?: string;
  readonly data?: unknown;
}
const sagaTrace = async (page: Page) => (await readTrace(page)) as unknown as SagaTraceLike[];

/**
 * Connects producer1 -> saga1 -> inventory, payment, shipping (the steps in that order) and
 * gives the producer a payload that makes one order a message. Returns the payload field.
 */
async function wireShop(page: Page, template: string) {
  await connect(page, 'producer1', 'saga1');
  // the steps in the order they are connected
  for (const id of ['inventory', 'payment', 'shipping']) await connect(page, 'saga1', id);
  await page.keyboard.press('l');
  await node(page, 'producer1').click({ position: { x: 30, y: 12 } });
  await settings(page).getByLabel('Event (routing key)').fill('order.placed');
  await settings(page).getByLabel('Event (routing key)').press('Enter');
  const payload = settings(page).getByLabel(/^Payload template/);
  await payload.fill(template);
  await payload.blur();
  return payload;
}

/**
 * Sends `n` orders from the producer's button, once the run has restarted on the edits. Every
 * node is on view first: an edit re-derives the canvas's nodes, and React Flow hid those
 * whose size the edit left alone when they came without what it had measured of them.
 */
async function sendOrders(page: Page, n: number) {
  for (const id of ['producer1', 'saga1', 'inventory', 'payment', 'shipping']) {
    await expect(node(page, id)).toBeVisible();
  }
  const emit = node(page, 'producer1').getByRole('button', { name: /Emit order\.placed/ });
  for (let i = 0; i < n; i++) await emit.click();
}

test('a person builds producer -> saga -> three services, makes payment fail, sees compensations, switches the mode and compares the two', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  // the keyboard adds the producer (1); the mouse the saga; the services by keyboard on the
  // palette's button (Tab to it, Enter three times)
  await page.keyboard.press('1');
  await page.getByRole('button', { name: '+ Saga' }).click();
  const addService = page.getByRole('button', { name: '+ Service' });
  await addService.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
  for (const id of ['producer1', 'saga1', 'inventory', 'payment', 'shipping']) {
    await expect(node(page, id)).toBeVisible();
  }
  // a fourth service is refused with the reason
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('one service of each kind');

  // the producer's payload makes one order a message
  const payload = await wireShop(
    page,
    '{"orderId": "o{{seq}}", "sku": "apple", "qty": 2, "amount": 150}',
  );

  // the saga: payment fails always
  await node(page, 'saga1').click({ position: { x: 30, y: 12 } });
  const payment = settings(page).getByRole('group', { name: 'Step 2: payment' });
  await payment.getByLabel('Tries').fill('2');
  await payment.getByLabel('Tries').press('Enter');
  await payment.getByLabel('payment step').selectOption('fail');
  // a wrong value is refused next to its field
  await payment.getByLabel('Tries').fill('0');
  await payment.getByLabel('Tries').press('Enter');
  await expect(payment.getByRole('alert')).toContainText(/1 or more/);

  await expect(page.getByTestId('fault-payment')).toBeVisible();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await sendOrders(page, 2);
  // commands on their way: a picture of the saga at work
  await page.waitForTimeout(2500);
  await page.screenshot({ path: 'test-results/playground-saga-flight.png' });
  // each order: reserved, the charge fails twice, the reservation is released
  await expect(page.getByTestId('saga-aborted-saga1')).toHaveText('2', { timeout: 30_000 });
  await expect(page.getByTestId('held-inventory')).toHaveText('0');
  await expect(page.getByTestId('stock-apple-inventory')).toHaveText('20');
  await expect(page.getByTestId('saga-money-saga1')).toContainText('kept 0 · delivered 0 ✓');
  const trace = await sagaTrace(page);
  expect(trace.filter((e) => e.type === 'saga.compensated').map((e) => e.saga)).toEqual([
    'o1',
    'o2',
  ]);
  // the undo travelled the saga -> inventory edge as a compensation
  expect(
    trace.some(
      (e) =>
        e.type === 'message.sent' &&
        e.from === 'orchestrator' &&
        (e.data as { command?: { work?: string } }).command?.work === 'compensation',
    ),
  ).toBe(true);
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.screenshot({ path: 'test-results/playground-saga-orchestration.png' });

  // a duplicate order id is refused, said in the trace
  await payload.isVisible();
  await node(page, 'producer1').click({ position: { x: 30, y: 12 } });
  await payload.fill('{"orderId": "same", "sku": "apple", "qty": 1, "amount": 10}');
  await payload.blur();
  await page.waitForTimeout(700);
  await sendOrders(page, 2);
  await expect
    .poll(async () => (await readTrace(page)).filter((e) => e.type === 'order.refused').length, {
      timeout: 20_000,
    })
    .toBe(1);

  // choreography: no controller, the services' events go from one to the next
  await node(page, 'saga1').click({ position: { x: 30, y: 12 } });
  await settings(page).getByLabel('Mode').selectOption('choreography');
  await expect(node(page, 'saga1')).toContainText('Saga · choreography');
  await page.waitForTimeout(700);
  await node(page, 'producer1').click({ position: { x: 30, y: 12 } });
  await payload.fill('{"orderId": "c{{seq}}", "sku": "pear", "qty": 1, "amount": 80}');
  await payload.blur();
  await page.waitForTimeout(700);
  await sendOrders(page, 1);
  await expect(page.getByTestId('saga-aborted-saga1')).toHaveText('1', { timeout: 30_000 });
  const events = await sagaTrace(page);
  expect(events.some((e) => e.type === 'bus.delivered' && e.event === 'payment.failed')).toBe(true);
  expect(events.some((e) => e.type === 'saga.compensated' && e.step === 'reserve')).toBe(true);
  await page.keyboard.press('l');
  await page.screenshot({ path: 'test-results/playground-saga-choreography.png' });

  // Compare: orchestration against choreography on the same seed, side by side, with the
  // producer sending one order a second
  await node(page, 'producer1').getByLabel('producer1 rate (messages a second)').selectOption('1');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare' });
  await compare.getByLabel('Node').selectOption('saga1');
  await expect(compare.getByLabel('Setting')).toHaveValue('mode');
  await expect(compare.getByLabel('Value in B')).toHaveValue('orchestration');
  await compare.getByLabel('Run for').selectOption('30000');
  await compare.getByRole('button', { name: 'Run both' }).click();
  const table = compare.getByRole('table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('columnheader', { name: /A · mode = choreography/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /B · mode = orchestration/ })).toBeVisible();
  // payment fails in both: every order ended is aborted, its reservation undone
  for (const row of ['saga-aborted', 'saga-compensations', 'saga-p50', 'saga-messages']) {
    const cells = table.locator(`[data-row="${row}"] td`);
    await expect(cells).toHaveCount(2);
    for (const cell of await cells.all()) await expect(cell).toHaveText(/^[1-9][\d,]*$/);
  }
  await expect(table.locator('[data-row="saga-completed"] td')).toHaveText(['0', '0']);
  await table.locator('[data-row="saga-messages"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/playground-saga-compare.png' });
});

test('a person follows an order through the inspector, then makes payment fail while orders run: the next order compensates without a restart', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  await page.keyboard.press('1');
  await page.getByRole('button', { name: '+ Saga' }).click();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '+ Service' }).click();
  await wireShop(page, '{"orderId": "o{{seq}}", "sku": "apple", "qty": 1, "amount": 10}');
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(700);

  // orders run, one a second
  await node(page, 'producer1').getByLabel('producer1 rate (messages a second)').selectOption('1');
  const completed = page.getByTestId('saga-completed-saga1');
  await expect
    .poll(async () => Number(await completed.textContent()), { timeout: 30_000 })
    .toBeGreaterThan(0);

  // a click on a dot on a saga edge follows its order: its steps and its end
  await page.getByRole('button', { name: 'Speed 0.25x' }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await clickFollowedDot(page, 'order', /Order o\d+/);
  await expect(inspector).toContainText(/producer1 sent order\.placed to saga1/);
  await expect(inspector).toContainText(/saga1 started order o\d+/);
  await expect(inspector).toContainText(/command reserve: orchestrator -> /);
  await expect(inspector).toContainText('saga completed', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/playground-saga-inspector.png' });
  await page.getByRole('button', { name: 'Speed 1x' }).click();

  // payment fails from now on: set in the saga's settings while orders run
  const before = Number(await completed.textContent());
  await node(page, 'saga1').click({ position: { x: 30, y: 12 } });
  const payment = settings(page).getByRole('group', { name: 'Step 2: payment' });
  await payment.getByLabel('payment step').selectOption('fail');
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied to the running system.' }),
  ).toBeVisible();
  await expect(page.getByTestId('saga-aborted-saga1')).not.toHaveText('0', { timeout: 30_000 });
  // the run went on: what completed before is still counted
  expect(Number(await completed.textContent())).toBeGreaterThanOrEqual(before);
  const trace = await sagaTrace(page);
  const applied = trace.findIndex(
    (e) =>
      e.type === 'scenario.reconfigured' &&
      (e as { change?: { kind?: string } }).change?.kind === 'saga-step-fault',
  );
  expect(applied).toBeGreaterThan(0);
  expect(
    trace.slice(applied).some((e) => e.type === 'saga.compensated' && e.step === 'reserve'),
  ).toBe(true);

  // the activity list follows an aborted order: the charge failed, the reservation undone
  await page.getByRole('tab', { name: 'Activity' }).click();
  await node(page, 'producer1').getByLabel('producer1 rate (messages a second)').selectOption('0');
  const activity = page.getByRole('region', { name: 'Activity' });
  await activity
    .locator('li[data-type="saga.aborted"]')
    .first()
    .getByRole('button', { name: 'Follow' })
    .click();
  await expect(inspector.getByRole('heading', { name: /Order o\d+/ })).toBeVisible();
  await expect(inspector).toContainText(/step 2 charge failed: .*for good/);
  await expect(inspector).toContainText('step 1 reserve undone');
  await expect(inspector).toContainText(/saga aborted at charge/);
});
