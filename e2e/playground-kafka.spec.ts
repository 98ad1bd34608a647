import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { importScenarioText } from '../src/engine/scenario';
import { expectNoPageErrors, readTrace } from './fixtures';
import { clickFollowedDot } from './playgroundPage';

expectNoPageErrors(test);

const settings = (page: Page) => page.getByRole('region', { name: 'Settings' });
const files = (page: Page) => page.getByRole('region', { name: 'Scenario files' });
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Playground' });

async function select(page: Page, id: string) {
  await node(page, id).click({ position: { x: 30, y: 12 } });
  await expect(settings(page).getByText(id, { exact: true })).toBeVisible();
}

/** Types a value into a setting of the selected node and commits it with Enter. */
async function setField(page: Page, label: string, value: string) {
  const field = settings(page).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
}

async function connect(page: Page, source: string, target: string) {
  await select(page, source);
  await settings(page).getByLabel('Connect to').selectOption(target);
  await settings(page).getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Where each group's cursors stand in the topic, summed over its partitions (from the page). */
async function cursorSum(page: Page, group: string): Promise<number> {
  const cursors = node(page, 'topic1').locator(`[data-testid^="cursor-topic1-${group}-"]`);
  const positions = await cursors.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-position'))),
  );
  return positions.reduce((a, b) => a + b, 0);
}

const lagOf = async (page: Page, group: string) =>
  Number(await node(page, group).getByTestId(`lag-${group}`).textContent());

test('a person builds producer -> topic (3 partitions) -> two groups at different rates, sees the cursors move and the lag differ, and the file round-trips', async ({
  page,
}) => {
  // building, then seconds of simulated time on the page's frames
  test.setTimeout(90_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  for (const kind of ['Producer', 'Topic', 'Consumer group', 'Consumer group']) {
    await toolbar(page)
      .getByRole('button', { name: `+ ${kind}`, exact: true })
      .click();
  }
  for (const id of ['producer1', 'topic1', 'group1', 'group2']) {
    await expect(node(page, id)).toBeVisible();
  }

  // the topic: three partitions, keyed by the payload's user; a bad value is refused by its field
  await select(page, 'topic1');
  await setField(page, 'Partitions', '0');
  await expect(settings(page).getByRole('alert')).toContainText('must be at least 1');
  // the value it had, typed again, clears the refusal
  await setField(page, 'Partitions', '3');
  await expect(settings(page).getByRole('alert')).toHaveCount(0);
  await expect(node(page, 'topic1').locator('.topic-partition')).toHaveCount(3);
  await setField(page, 'Partitions', '2');
  await expect(node(page, 'topic1').locator('.topic-partition')).toHaveCount(2);
  await setField(page, 'Partitions', '3');
  await expect(node(page, 'topic1').locator('.topic-partition')).toHaveCount(3);
  await setField(page, 'Key field of the payload (empty: round-robin)', 'user');
  await expect(node(page, 'topic1').getByText('user', { exact: true })).toBeVisible();

  // the producer sends orders of six users, one a message, picked by the run's seed
  await select(page, 'producer1');
  const payload = settings(page).getByLabel(/^Payload template/);
  await payload.fill('{"user": "{{pick ann|bob|chen|dana|eve|finn}}", "n": "{{seq}}"}');
  await payload.blur();
  await connect(page, 'producer1', 'topic1');
  await connect(page, 'topic1', 'group1');
  await connect(page, 'topic1', 'group2');

  // group1 reads 20 a second, group2 one a second
  await select(page, 'group1');
  await setField(page, 'Rate per member (records/s)', '20');
  await select(page, 'group2');
  await setField(page, 'Rate per member (records/s)', '-1');
  await expect(settings(page).getByRole('alert')).toContainText('must be 0 or more');
  await setField(page, 'Rate per member (records/s)', '1');
  await expect(node(page, 'group2').getByText(/topic1 · 1\/s each/)).toBeVisible();
  // out of the field first, or the key is typed into it
  await settings(page).getByLabel('Rate per member (records/s)').blur();
  await page.keyboard.press('l');
  await expect(settings(page).getByRole('alert')).toHaveCount(0);

  // the run restarts on the document once edits hold still: then the producer sends 5 a second
  await page.waitForTimeout(700);
  await node(page, 'producer1').getByLabel('producer1 rate (messages a second)').selectOption('5');
  await expect(node(page, 'topic1').getByTestId('appended-topic1')).not.toHaveText('0');
  const before = { fast: await cursorSum(page, 'group1'), slow: await cursorSum(page, 'group2') };
  // the records spread over the partitions by key, and both groups read: their cursors move
  await expect
    .poll(
      async () => Number(await node(page, 'topic1').getByTestId('appended-topic1').textContent()),
      {
        timeout: 20_000,
      },
    )
    .toBeGreaterThan(25);
  await expect
    .poll(() => cursorSum(page, 'group1'), { timeout: 10_000 })
    .toBeGreaterThan(before.fast + 10);
  await expect.poll(() => cursorSum(page, 'group2')).toBeGreaterThan(before.slow);
  const ends = await node(page, 'topic1').locator('[data-testid^="end-topic1-"]').allTextContents();
  expect(ends).toHaveLength(3);
  expect(ends.filter((e) => Number(e) > 0).length).toBeGreaterThan(1);
  // the slow group falls behind, the fast one keeps up
  await expect
    .poll(async () => (await lagOf(page, 'group2')) - (await lagOf(page, 'group1')), {
      timeout: 10_000,
    })
    .toBeGreaterThan(10);

  // the inspector follows one message: a click on a dot on producer1 -> topic1 shows where
  // it was appended and each group's read, handling and commit of it
  await page.getByRole('button', { name: 'Speed 0.25x' }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await clickFollowedDot(page, 'send', /Message m\d+/);
  await expect(inspector).toContainText(/producer1 sent \S+ to topic1/);
  await expect(inspector).toContainText(
    /appended to topic1, partition \d at offset \d+ \(key (ann|bob|chen|dana|eve|finn)\)/,
    { timeout: 10_000 },
  );
  await expect(inspector).toContainText(/group1: member group1-1 read it/, { timeout: 10_000 });
  await expect(inspector).toContainText(/group1: member group1-1 handled it, \d+ ms after/);
  await expect(inspector).toContainText(/group1: member group1-1 committed offset \d+: past it/);
  await page.screenshot({ path: 'test-results/playground-kafka-inspector.png' });
  // a dot on topic1 -> group1 (a read) follows its first record back to its producer
  await clickFollowedDot(page, 'record', /Record topic1-\d @\d+/);
  await expect(inspector).toContainText(/producer1 sent \S+ to topic1/);
  await expect(inspector).toContainText(/appended to topic1, partition \d at offset \d+/);
  // and so does a line of the activity list
  const activity = page.getByRole('region', { name: 'Activity' });
  await activity
    .locator('li[data-type="log.produced"]')
    .first()
    .getByRole('button', { name: 'Follow' })
    .click();
  await expect(inspector.getByRole('heading', { name: /Record topic1-\d @\d+/ })).toBeVisible();
  await expect(inspector).toContainText(/producer1 sent \S+ to topic1/);
  await inspector.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Speed 1x' }).click();

  // the trace has the log's own events: appends by key, polls and commits per group
  const trace = await readTrace(page);
  const types = new Set(trace.map((e) => e.type));
  for (const type of ['log.produced', 'log.polled', 'log.committed']) expect(types).toContain(type);

  // the metrics chart each group's lag
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page.getByTestId('group-lag-group1')).toBeVisible();
  await expect(page.getByTestId('group-lag-group2')).toContainText(/group2 · lag [1-9]/);

  // the scenario exports and imports with the new kinds, the same
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    files(page).getByRole('button', { name: 'Export file', exact: true }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  const exported = importScenarioText(text);
  if (!exported.ok) throw new Error(exported.error.message);
  const kinds = exported.value.scenario.nodes.map((n) => [n.id, n.kind]);
  expect(kinds).toEqual([
    ['producer1', 'producer'],
    ['topic1', 'topic'],
    ['group1', 'group'],
    ['group2', 'group'],
  ]);
  expect(exported.value.scenario.nodes[1]).toMatchObject({ partitions: 3, keyField: 'user' });
  expect(exported.value.scenario.nodes[3]).toMatchObject({ topic: 'topic1', rate: 1 });

  // a fresh page imports the file and draws the same nodes
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  await files(page)
    .getByLabel('Import file')
    .setInputFiles({
      name: 'kafka.eventlab.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
  for (const id of ['producer1', 'topic1', 'group1', 'group2']) {
    await expect(node(page, id)).toBeVisible();
  }
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    files(page).getByRole('button', { name: 'Export file', exact: true }).click(),
  ]);
  expect(await readFile(await again.path(), 'utf8')).toBe(text);
});

test('a fault script kills a group member and adds one: the group rebalances', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  // keys: 1 adds a producer, 9 a topic; the group from the toolbar
  await page.keyboard.press('1');
  await page.keyboard.press('9');
  await expect(node(page, 'topic1')).toBeVisible();
  await toolbar(page).getByRole('button', { name: '+ Consumer group', exact: true }).click();
  await connect(page, 'producer1', 'topic1');
  await select(page, 'group1');
  await setField(page, 'Members', '3');
  await expect(node(page, 'group1').getByTestId('members-group1')).toHaveText('3');
  await page.waitForTimeout(700);
  await page.getByRole('tab', { name: 'Fault script' }).click();
  await page.getByRole('button', { name: '+ kill member' }).click();
  await page.getByRole('button', { name: '+ add member' }).click();
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  const timeline = page.getByRole('list', { name: 'Fault timeline' });
  await expect(timeline.locator('[data-state="done"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(node(page, 'group1').getByTestId('members-group1')).toHaveText('2');
  await expect(node(page, 'group1').locator('[data-member="group1-1"]')).toHaveCount(0);
  await expect(timeline.locator('[data-state="done"]')).toHaveCount(2, { timeout: 20_000 });
  await expect(node(page, 'group1').locator('[data-member="group1-4"]')).toBeVisible();
  // every partition is held by a member after each rebalance
  const rebalances = (await readTrace(page)).filter((e) => e.type === 'log.rebalanced');
  expect(rebalances.length).toBeGreaterThanOrEqual(5);
});

test('compare sets 1 member against 3 of a slow group: B lags less', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/playground');
  await expect(page.getByText(/^Empty\./)).toBeVisible();
  for (const kind of ['Producer', 'Topic', 'Consumer group']) {
    await toolbar(page)
      .getByRole('button', { name: `+ ${kind}`, exact: true })
      .click();
  }
  await connect(page, 'producer1', 'topic1');
  await select(page, 'group1');
  await setField(page, 'Rate per member (records/s)', '1');
  await page.waitForTimeout(700);
  // the comparison runs at the producers' rates of the page's run
  await node(page, 'producer1').getByLabel('producer1 rate (messages a second)').selectOption('5');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare' });
  await compare.getByLabel('Node').selectOption({ label: 'group1 (group)' });
  await compare.getByLabel('Setting').selectOption('members');
  await compare.getByLabel('Value in B').fill('3');
  await compare.getByLabel('Run for').selectOption('10000');
  await compare.getByRole('button', { name: 'Run both' }).click();
  await expect(compare.getByRole('table')).toBeVisible({ timeout: 30_000 });
  const row = compare.locator('tr[data-row="maxLag"]');
  await expect(row.locator('th')).toHaveText('most group lag');
  // B's cell is the better one: three members at 1 a second lag less than one
  await expect(row.locator('td').nth(1)).toHaveClass(/better/);
  const [a, b] = (await row.locator('td').allTextContents()).map(Number);
  expect(b).toBeLessThan(a ?? 0);
});

test('the Kafka lab opens in the playground as nodes, and runs there', async ({ page }) => {
  await page.goto('/labs/kafka');
  await page.getByRole('link', { name: 'Open in playground' }).click();
  await expect(page).toHaveURL(/\/playground\?from=kafka/);
  for (const id of ['shop', 'orders', 'analytics', 'billing', 'shipping']) {
    await expect(node(page, id)).toBeVisible();
  }
  await expect(node(page, 'shipping').getByTestId('members-shipping')).toHaveText('2');
  await node(page, 'shop').getByLabel('shop rate (messages a second)').selectOption('5');
  // billing reads 3 a second of 5: it falls behind, analytics (10 a second) does not
  await expect
    .poll(async () => (await lagOf(page, 'billing')) - (await lagOf(page, 'analytics')), {
      timeout: 20_000,
    })
    .toBeGreaterThan(3);
});
