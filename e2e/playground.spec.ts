import { expect, type Page, test } from '@playwright/test';
import { expectNoPageErrors, readTrace } from './fixtures';

expectNoPageErrors(test);

const settings = (page: Page) => page.getByRole('region', { name: 'Settings' });
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Selects a node with the mouse and connects it to `target` from the settings panel. */
async function connect(page: Page, source: string, target: string) {
  await node(page, source).click({ position: { x: 30, y: 12 } });
  await expect(settings(page).getByText(source, { exact: true })).toBeVisible();
  await settings(page).getByLabel('Connect to').selectOption(target);
  await settings(page).getByRole('button', { name: 'Connect', exact: true }).click();
}

test('a person builds producer -> topic exchange -> two queues -> two consumers from an empty page, runs it and sees a killed worker’s messages redelivered', async ({
  page,
}) => {
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

  // run it at a set rate, once the run has restarted on the last edit
  await expect(node(page, 'consumer1').getByText('2 workers')).toBeVisible();
  await page.waitForTimeout(500);
  await page.getByLabel('producer1 rate (messages a second)').selectOption('5');
  await expect
    .poll(async () => (await readTrace(page)).filter((e) => e.type === 'broker.acked').length, {
      timeout: 10_000,
    })
    .toBeGreaterThan(5);
  // kill a busy worker of consumer1: its unacked messages come back redelivered
  await node(page, 'consumer1').getByRole('button', { name: /Kill/ }).first().click();
  await expect
    .poll(
      async () =>
        (await readTrace(page)).filter(
          (e) => e.type === 'broker.delivered' && e.redelivered === true,
        ).length,
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0);
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
