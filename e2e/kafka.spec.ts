import { expect, type Page, test } from '@playwright/test';
import { expectNoPageErrors, logLabSnapshot } from './fixtures';

interface Snapshot {
  partitions: { end: number }[];
  groups: {
    group: string;
    lag: number;
    committed: Record<string, number>;
    history: number[];
  }[];
  consumers: { id: string; assignment: number[] }[];
}

const snapshot = (page: Page) => logLabSnapshot<Snapshot>(page);

const group = (page: Page, name: string) => page.getByRole('article', { name: `Group ${name}` });

// the page logs no errors on the way (a failed store write is shown, not thrown)
expectNoPageErrors(test);

async function open(page: Page) {
  await page.goto('/labs/kafka');
  await expect(page.getByRole('heading', { name: 'Kafka on a log' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send 10' })).toBeVisible();
}

test('groups read at their own pace, replay from 0, share partitions, and keep their offsets over a reload', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('button', { name: 'Send 10' }).click();
  await page.getByRole('button', { name: 'Send 10' }).click();
  await expect
    .poll(async () => (await snapshot(page)).partitions.reduce((n, p) => n + p.end, 0))
    .toBe(20);

  // analytics at 10 a second catches up while billing at 3 still lags
  // (both read from one engine snapshot, not from two texts drawn at different times)
  const lags = async () => {
    const groups = (await snapshot(page)).groups;
    const lag = (name: string) => groups.find((g) => g.group === name)?.lag ?? -1;
    return { analytics: lag('analytics'), billing: lag('billing') };
  };
  await expect.poll(async () => (await lags()).analytics, { timeout: 6_000 }).toBe(0);
  expect((await lags()).billing).toBeGreaterThan(5);
  await expect(page.getByTestId('lag-analytics')).toHaveText('lag 0');
  await expect(page.getByTestId('processed-analytics')).toHaveText('20 read');

  // replay: analytics goes back to 0 and reads the history again, billing goes on
  await group(page, 'analytics').getByRole('button', { name: 'Replay from 0 (analytics)' }).click();
  await expect(
    page.locator('.kafka-cursor[data-group="analytics"][data-position="0"]').first(),
  ).toBeVisible();
  await expect(page.getByTestId('processed-analytics')).toHaveText('40 read', { timeout: 6_000 });
  await expect(page.getByTestId('lag-analytics')).toHaveText('lag 0');

  // a third member of shipping: each holds one partition
  await group(page, 'shipping').getByRole('button', { name: 'Add member' }).click();
  await expect(group(page, 'shipping').locator('[data-consumer="shipping-3"]')).toBeVisible();
  const held = (await snapshot(page)).consumers
    .filter((c) => c.id.startsWith('shipping'))
    .map((c) => c.assignment.length);
  expect(held).toEqual([1, 1, 1]);

  // everyone catches up; the offsets are stored, so a reload finds every group at the end
  await expect(page.getByTestId('lag-billing')).toHaveText('lag 0', { timeout: 12_000 });
  await expect(page.getByTestId('lag-shipping')).toHaveText('lag 0');
  const before = (await snapshot(page)).groups.map((g) => [g.group, g.committed]);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Send 10' })).toBeVisible();
  const after = await snapshot(page);
  expect(after.partitions.reduce((n, p) => n + p.end, 0)).toBe(20);
  expect(after.groups.map((g) => [g.group, g.committed])).toEqual(before);
  for (const name of ['analytics', 'billing', 'shipping']) {
    await expect(page.getByTestId(`lag-${name}`)).toHaveText('lag 0');
  }
});

test('the producer sends on its own at a set rate, and the lag chart follows', async ({ page }) => {
  await open(page);
  await page.getByRole('slider', { name: 'Orders a second' }).fill('8');
  await expect
    .poll(async () => (await snapshot(page)).partitions.reduce((n, p) => n + p.end, 0), {
      timeout: 5_000,
    })
    .toBeGreaterThan(10);
  await page.getByRole('slider', { name: 'Orders a second' }).fill('0');
  await expect(page.getByRole('img', { name: 'Lag over the last minute' })).toBeVisible();
  await expect(page.locator('.lag-chart polyline')).toHaveCount(3);
  // billing reads 3 a second against 8 sent: its lag rose over time, and the chart drew it
  // (paused, so the engine's samples and the drawn ones can be compared)
  await page.getByRole('button', { name: 'Pause' }).click();
  const billing = (await snapshot(page)).groups.find((g) => g.group === 'billing');
  expect(billing?.history.length ?? 0).toBeGreaterThan(3);
  expect(Math.max(...(billing?.history ?? [0]))).toBeGreaterThan(billing?.history[0] ?? 0);
  await expect
    .poll(async () => {
      const drawn = await page.locator('.lag-chart polyline').nth(1).getAttribute('points');
      return drawn?.split(' ').length ?? 0;
    })
    .toBe(billing?.history.length);
});
