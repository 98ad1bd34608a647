import { expect, type Page, test } from '@playwright/test';
import { readTrace } from './fixtures';

const stat = (page: Page, id: string) => page.getByTestId(id);
const emit = (page: Page, name: string) =>
  page
    .getByTestId('node-producer')
    .getByRole('button', { name: `Emit ${name}`, exact: true })
    .click();

async function open(page: Page) {
  await page.goto('/labs/rabbitmq');
  await expect(page.getByRole('heading', { name: 'RabbitMQ: exchanges and queues' })).toBeVisible();
  await page.getByRole('button', { name: 'Speed 4x' }).click();
  // the workers have started when each consumer lists them
  await expect(
    page.getByRole('list', { name: 'email_worker workers' }).getByText('idle'),
  ).toHaveCount(2);
}

test.describe('Lab 6: RabbitMQ', () => {
  test('a topic exchange routes by binding key; editing a key changes where messages go', async ({
    page,
  }) => {
    await open(page);
    await emit(page, 'user.registered');
    await expect(stat(page, 'acked-email_worker')).toHaveText('1');
    await expect(stat(page, 'acked-analytics_worker')).toHaveText('1');

    // user.* is one word: user.profile.updated matches no binding
    await emit(page, 'user.profile.updated');
    await expect(page.getByRole('region', { name: 'Activity' })).toContainText(
      'no binding of user_events matches',
    );

    await page
      .getByRole('button', { name: 'Edit binding key user.* from user_events to analytics_queue' })
      .click();
    const key = page.getByRole('textbox', {
      name: 'Binding key from user_events to analytics_queue',
    });
    await key.fill('user.#');
    await key.press('Enter');
    await emit(page, 'user.profile.updated');
    await expect(stat(page, 'acked-analytics_worker')).toHaveText('2');
    await expect(stat(page, 'acked-email_worker')).toHaveText('1');
  });

  test('switching to fanout sends every message to every bound queue', async ({ page }) => {
    await open(page);
    await page.getByRole('combobox', { name: 'user_events exchange type' }).selectOption('fanout');
    await emit(page, 'user.deleted');
    await expect(stat(page, 'acked-email_worker')).toHaveText('1');
    await expect(stat(page, 'acked-analytics_worker')).toHaveText('1');
  });

  test('a poison message goes to the dead-letter queue after its delivery limit, and can be moved back', async ({
    page,
  }) => {
    await open(page);
    await emit(page, 'user.registered (poison)');
    await expect(stat(page, 'ready-dead_letters')).toHaveText('1', { timeout: 15_000 });
    await expect(stat(page, 'nacked-email_worker')).toHaveText('3');
    // the others are not affected
    await emit(page, 'user.registered');
    await expect(stat(page, 'acked-email_worker')).toHaveText('1');

    await page.getByRole('button', { name: 'Inspect dead_letters' }).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector).toContainText('died in email_queue: delivery_limit');
    await expect(inspector).toContainText('"poison":true');

    await page.getByRole('button', { name: 'Move back' }).click();
    await expect(stat(page, 'ready-dead_letters')).toHaveText('0');
    // still poison: it dies again, and its x-death record counts two deaths
    await expect(stat(page, 'ready-dead_letters')).toHaveText('1', { timeout: 15_000 });
    await expect(inspector).toContainText('died in email_queue: delivery_limit (2×)');
  });

  test('killing a busy worker returns its message to the queue, redelivered, and nothing is lost', async ({
    page,
  }) => {
    await open(page);
    await page.getByRole('combobox', { name: 'email_worker handler' }).selectOption('slow');
    await page.getByRole('button', { name: 'Speed 1x' }).click();
    await emit(page, 'user.registered');
    const workers = page.getByRole('list', { name: 'email_worker workers' });
    const busy = workers.locator('li.is-busy');
    await expect(busy).toHaveCount(1, { timeout: 10_000 });
    const id =
      (await busy.getByRole('button').getAttribute('aria-label'))?.replace('Kill worker ', '') ??
      '';
    await busy.getByRole('button').click();

    await expect(page.getByRole('region', { name: 'Activity' })).toContainText(
      `${id} failed (killed)`,
    );
    await expect(stat(page, 'acked-email_worker')).toHaveText('1', { timeout: 15_000 });
    const trace = await readTrace(page);
    const deliveries = trace.filter(
      (e) => e.type === 'broker.delivered' && e.queue === 'email_queue',
    );
    expect(deliveries.map((e) => e.redelivered)).toEqual([false, true]);
    expect(trace.some((e) => e.type === 'broker.requeued' && e.cause === 'released')).toBe(true);
    // a replacement took the dead worker's place
    await expect(workers.locator('li')).toHaveCount(2);
  });
});

test('a custom handler written in the page runs inside the worker; code that does not compile is refused', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('combobox', { name: 'analytics_worker handler' }).selectOption('custom');
  const code = page.getByRole('textbox', { name: 'analytics_worker custom handler code' });
  await code.fill('return (');
  await page
    .getByTestId('node-analytics_worker')
    .getByRole('button', { name: 'Apply code' })
    .click();
  await expect(page.getByTestId('node-analytics_worker').getByRole('alert')).toContainText(
    'custom handler does not compile',
  );

  await code.fill("return 'seen user ' + message.body.user_id + ' in ' + context.workerId;");
  await page
    .getByTestId('node-analytics_worker')
    .getByRole('button', { name: 'Apply code' })
    .click();
  await expect(page.getByTestId('node-analytics_worker').getByRole('alert')).toHaveCount(0);
  await emit(page, 'user.deleted');
  await expect(page.getByTestId('node-analytics_worker')).toContainText(
    'seen user 2 in analytics_worker:w',
  );
});

test('a flaky handler fails as often as its rate says; at 0 % the message finally goes through', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('combobox', { name: 'analytics_worker handler' }).selectOption('flaky');
  const rate = page.getByRole('slider', { name: 'analytics_worker failure rate' });
  await rate.fill('1');
  await expect(page.getByTestId('node-analytics_worker')).toContainText('100%');
  await emit(page, 'user.deleted');
  await expect
    .poll(async () => Number(await stat(page, 'nacked-analytics_worker').textContent()))
    .toBeGreaterThan(1);
  await expect(stat(page, 'acked-analytics_worker')).toHaveText('0');
  await rate.fill('0');
  await expect(stat(page, 'acked-analytics_worker')).toHaveText('1');
});

test('a click on a moving message opens its trail: where it went and which binding matched', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('button', { name: 'Speed 0.25x' }).click();
  await emit(page, 'user.registered');
  const dot = page.locator('.particle.is-inspectable').first();
  await expect(dot).toBeVisible({ timeout: 10_000 });
  // a person's click at the dot's place (it moves slowly at 0.25x), not a synthetic one
  const box = await dot.boundingBox();
  if (box === null) throw new Error('the dot has no box');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector).toContainText(/Message m\d+/);
  await expect(inspector).toContainText('Routed by user_events with key user.registered');
  await expect(inspector).toContainText('email_queue (binding user.registered)');
});
