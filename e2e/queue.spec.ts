import { expect, test } from '@playwright/test';
import { readTrace } from './fixtures';

test.describe('Lab 4: queue and workers', () => {
  test('a burst waits in the queue; more workers drain it; failing listeners are caught', async ({
    page,
  }) => {
    await page.goto('/labs/queue');
    await expect(page.getByRole('heading', { name: 'Queue and workers' })).toBeVisible();
    const workers = page.getByRole('list', { name: 'workers workers' });
    await expect(workers.getByText('idle')).toHaveCount(1);
    await page.getByRole('button', { name: 'Speed 4x' }).click();

    // emit() returns at once: fifty events wait in the queue for one worker
    await page.getByRole('button', { name: 'Burst 50' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('ready-event_queue').textContent()))
      .toBeGreaterThan(30);

    for (let i = 0; i < 3; i++)
      await page.getByRole('button', { name: 'Add a worker to workers' }).click();
    await expect(workers.locator('li')).toHaveCount(4);
    await expect(page.getByTestId('workers-workers')).toHaveText('4 workers');

    await expect(page.getByTestId('acked-workers')).toHaveText('50', { timeout: 30_000 });
    await expect(page.getByTestId('ready-event_queue')).toHaveText('0');
    await expect(page.getByTestId('nacked-workers')).toHaveText('0');
    // every worker took a share
    for (const n of [1, 2, 3, 4]) {
      await expect(page.getByTestId(`done-workers:w${n}`)).not.toHaveText(/^0 done/);
    }
    // a listener that failed was caught: the event was still handled, the worker went on
    await expect(page.getByRole('region', { name: 'Activity' })).toContainText(
      'analytics ✗ flaky: failed',
    );
  });

  test('a killed worker’s event goes back to the queue and another worker takes it', async ({
    page,
  }) => {
    await page.goto('/labs/queue');
    const workers = page.getByRole('list', { name: 'workers workers' });
    await expect(workers.getByText('idle')).toHaveCount(1);
    await page.getByRole('button', { name: 'Add a worker to workers' }).click();
    await expect(workers.locator('li')).toHaveCount(2);
    await page.getByRole('button', { name: 'Burst 50' }).click();
    const busy = workers.locator('li.is-busy').first();
    await expect(busy).toBeVisible({ timeout: 10_000 });
    await busy.getByRole('button').click();
    await page.getByRole('button', { name: 'Speed 4x' }).click();
    await expect(page.getByTestId('acked-workers')).toHaveText('50', { timeout: 40_000 });
    const trace = await readTrace(page);
    expect(trace.some((e) => e.type === 'broker.requeued' && e.cause === 'released')).toBe(true);
    expect(trace.some((e) => e.type === 'broker.delivered' && e.redelivered === true)).toBe(true);
  });
});
