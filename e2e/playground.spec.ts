import { expect, test } from '@playwright/test';
import { expectNoPageErrors, readTrace } from './fixtures';
import { connect, node, settings } from './playgroundPage';

expectNoPageErrors(test);

test('a person builds producer -> topic exchange -> two queues -> two consumers from an empty page, runs it and sees a killed worker’s messages redelivered', async ({
  page,
}) => {
  // building, then a fault script on simulated time: longer than a click-through
  test.setTimeout(60_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  // the keyboard adds nodes: 1 producer, 4 exchange, 5 queue, 6 consumer
  for (const key of ['1', '4', '5', '5', '6', '6']) await page.keyboard.press(key);
  for (const id of ['producer1', 'exchange1', 'queue1', 'queue2', 'consumer1', 'consumer2']) {
    await expect(node(page, id)).toBeVisible();
  }
  await connect(page, 'producer1', 'exchange1');
  await connect(page, 'exchange1', 'queue1');
  await connect(page, 'exchange1', 'queue2');
  await connect(page, 'queue2', 'consumer2');
  // L lays the graph out in layers, left to right, as the messages flow
  await page.keyboard.press('l');
  const x = async (id: string) => (await node(page, id).boundingBox())?.x ?? 0;
  await expect.poll(async () => (await x('exchange1')) > (await x('producer1'))).toBe(true);
  expect(await x('queue1')).toBeGreaterThan(await x('exchange1'));
  expect(await x('consumer1')).toBeGreaterThan(await x('queue1'));
  // consumer1 reads queue1 from the start; give it two workers and a slow handler
  await node(page, 'consumer1').click({ position: { x: 30, y: 12 } });
  await settings(page).getByLabel('Workers').fill('2');
  await settings(page).getByLabel('Workers').press('Enter');
  await settings(page).getByLabel('Handler').selectOption('slow');
  // a refused setting is named next to its field and changes nothing
  await settings(page).getByLabel('Prefetch (0: unlimited)').fill('-3');
  await settings(page).getByLabel('Prefetch (0: unlimited)').press('Enter');
  await expect(settings(page).getByRole('alert')).toContainText(/>=0|at least 0|too small/i);

  // undo and redo work on the document
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');

  // the fault script drives the run: from 1 s the producer sends 20 a second, at 5 s
  // worker 1 of consumer1 is killed
  // the run restarts on the document once edits hold still (300 ms): let it catch up
  await expect(node(page, 'consumer1').getByText('2 workers')).toBeVisible();
  await page.waitForTimeout(600);
  await page.getByRole('tab', { name: 'Fault script' }).click();
  await page.getByRole('button', { name: '+ set rate' }).click();
  await page.getByRole('button', { name: '+ kill worker' }).click();
  await expect(page.getByRole('textbox', { name: 'Fault script' })).toHaveValue(
    /"action":"set-rate","producer":"producer1".*\n.*"action":"kill-worker","consumer":"consumer1","worker":1/,
  );
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  const timeline = page.getByRole('list', { name: 'Fault timeline' });
  // simulated time follows the page's frames: a busy machine gives fewer of them
  await expect(timeline.locator('[data-state="done"]')).toHaveCount(1, { timeout: 15_000 });
  await expect(timeline.locator('[data-state="done"]')).toHaveCount(2, { timeout: 30_000 });
  await expect
    .poll(async () => (await readTrace(page)).filter((e) => e.type === 'fault.applied').length)
    .toBe(2);
  // its unacked messages come back, redelivered
  await expect
    .poll(
      async () =>
        (await readTrace(page)).filter(
          (e) => e.type === 'broker.delivered' && e.redelivered === true,
        ).length,
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0);
  // and the metrics say so
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page.getByTestId('metric-Redeliveries')).not.toHaveText('0');
  await expect(page.getByTestId('metric-Workers lost')).toHaveText('1');
});

test('compare runs the scenario twice on the same seed with one setting changed', async ({
  page,
}) => {
  await page.goto('/playground?from=queue');
  await expect(page.getByRole('heading', { name: 'Playground' })).toBeVisible();
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare' });
  await compare.getByLabel('Node').selectOption({ label: 'workers (consumer)' });
  await compare.getByLabel('Setting').selectOption('workers');
  await compare.getByLabel('Value in B').fill('99');
  await compare.getByRole('button', { name: 'Run both' }).click();
  await expect(compare.getByRole('alert')).toContainText('workers:');
  await compare.getByLabel('Value in B').fill('3');
  await compare.getByLabel('Run for').selectOption('10000');
  await compare.getByRole('button', { name: 'Run both' }).click();
  await expect(compare.getByRole('table')).toBeVisible({ timeout: 20_000 });
  await expect(compare.locator('tr[data-row="throughput"]')).toBeVisible();
});

test('the shortcut list opens with ? and closes with Escape', async ({ page }) => {
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a lab opens in the playground, and a connection the model forbids is refused with the reason', async ({
  page,
}) => {
  await page.goto('/labs/rabbitmq');
  await page.getByRole('link', { name: 'Open in playground' }).click();
  await expect(page).toHaveURL(/\/playground\?from=rabbitmq/);
  await expect(node(page, 'user_events')).toBeVisible();
  await page.keyboard.press('5');
  await expect(node(page, 'queue1')).toBeVisible();
  await connect(page, 'queue1', 'dlx');
  await expect(settings(page).getByText('Dead-letter exchange')).toBeVisible();
  await expect(settings(page).getByLabel('Dead-letter exchange')).toHaveValue('dlx');
});

test('a setting changes the running system in place: the queue keeps its messages and the run goes on', async ({
  page,
}) => {
  await page.goto('/playground?from=rabbitmq');
  await expect(node(page, 'email_queue')).toBeVisible();
  // no workers on the email queue: what is sent waits there
  await node(page, 'email_worker').click({ position: { x: 30, y: 12 } });
  await settings(page).getByLabel('Workers').fill('0');
  await settings(page).getByLabel('Workers').press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied to the running system' }),
  ).toBeVisible();
  const emit = node(page, 'producer').getByRole('button', { name: /Emit user\.registered$/ });
  for (let i = 0; i < 5; i++) await emit.click();
  await expect(page.getByTestId('ready-email_queue')).toContainText('5');
  const firstSent = (await readTrace(page)).find((e) => e.type === 'message.sent')?.seq;
  expect(firstSent).toBeDefined();

  // a policy lowers the queue's max length: the oldest three are dead-lettered, two stay
  await node(page, 'email_queue').click({ position: { x: 30, y: 12 } });
  await settings(page).getByLabel('Max length (empty: none)').fill('2');
  await settings(page).getByLabel('Max length (empty: none)').press('Enter');
  await expect(page.getByTestId('ready-email_queue')).toContainText('2');
  await expect(page.getByTestId('ready-dead_letters')).toContainText('3');
  await expect(page.getByText('email_queue policy set: maxLength=2')).toBeVisible();
  // the same run: the first message's trace event is still the same one
  expect((await readTrace(page)).find((e) => e.type === 'message.sent')?.seq).toBe(firstSent);

  // a new node is another system: the run starts over on it
  await page.getByRole('button', { name: '+ Queue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Run restarted' })).toBeVisible();
  await expect(page.getByTestId('ready-email_queue')).toContainText('0');
});
