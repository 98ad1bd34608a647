import { expect, test } from '@playwright/test';
import { EventBusLab } from './fixtures';

test.describe('Lab 1: the event bus', () => {
  test('the home page lists the course labs and opens Lab 1', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'EventLab', level: 1 })).toBeVisible();
    for (const title of [
      'The event bus',
      'Shop simulation',
      'Queue and workers',
      'Event replay',
      'Saga',
    ]) {
      await expect(page.getByRole('heading', { name: title })).toBeVisible();
    }
    await page.getByRole('link', { name: 'The event bus' }).click();
    await expect(page).toHaveURL(/\/labs\/event-bus$/);
    await expect(page.getByRole('button', { name: 'Emit user.registered' })).toBeVisible();
  });

  test('opens on its own by its URL, with canvas nodes labelled by name', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open();
    for (const name of ['app', 'EventBus', 'email_sender', 'logger', 'analytics']) {
      await expect(page.getByRole('group', { name, exact: true })).toBeVisible();
    }
    await expect(lab.log).toContainText('No events yet');
  });

  test('each event reaches exactly the listeners whose patterns match', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });

    await lab.emit('user.registered');
    await expect(lab.logRows()).toHaveCount(1);
    await expect(lab.logRows().first()).toContainText('user.registered');
    await expect(lab.logRows().first()).toContainText('"email":"olena@example.com"');
    await lab.expectCounts({ email_sender: 1, analytics: 1, logger: 1 });

    await lab.emit('user.deleted');
    await expect(lab.logRows()).toHaveCount(2);
    await lab.expectCounts({ email_sender: 1, analytics: 2, logger: 2 });

    await lab.emit('order.created');
    await expect(lab.logRows()).toHaveCount(3);
    await lab.expectCounts({ email_sender: 1, analytics: 3, logger: 3 });

    // newest first, in the course's format: timestamp, event, data
    await expect(lab.logRows().first()).toContainText('order.created');
    await expect(lab.log.locator('time').first()).toHaveAttribute(
      'datetime',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );

    // the trace says how each delivery matched
    await expect(lab.activity).toContainText(
      'user.registered → email_sender (user.registered, exact)',
    );
    await expect(lab.activity).toContainText('user.registered → analytics (user.*, prefix)');
    await expect(lab.activity).toContainText('order.created → logger (*, all)');
  });

  test('unsubscribing from the canvas stops deliveries; subscribing again restores them', async ({
    page,
  }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });

    await page.getByRole('button', { name: 'Unsubscribe analytics from user.*' }).click();
    const resubscribe = page.getByRole('button', { name: 'Subscribe analytics to user.*' });
    await expect(resubscribe).toHaveAttribute('aria-pressed', 'false');

    await lab.emit('user.deleted');
    await lab.expectCounts({ logger: 1 });
    await expect(lab.received('analytics')).toHaveText('0');

    await resubscribe.click();
    await lab.emit('user.deleted');
    await lab.expectCounts({ logger: 2, analytics: 1 });
  });

  test('a listener that throws fails alone: the others still receive the event', async ({
    page,
  }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });

    const toggle = page.getByRole('switch', { name: 'analytics throws on delivery' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');

    await lab.emit('user.registered');
    await lab.expectCounts({ email_sender: 1, logger: 1, analytics: 1 });
    await expect(lab.failed('analytics')).toHaveText('1');
    await expect(lab.failed('logger')).toHaveText('0');
    await expect(page.getByTestId('node-analytics')).toContainText('analytics service timed out');
    await expect(lab.activity.locator('li.is-failure')).toContainText(
      'analytics threw on user.registered: analytics service timed out',
    );

    await toggle.click();
    await lab.emit('user.registered');
    await lab.expectCounts({ analytics: 2 });
    await expect(lab.failed('analytics')).toHaveText('1');
  });

  test('a custom event with a JSON payload, and clear errors for bad input', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });
    const form = page.getByRole('form', { name: 'Emit your own event' });

    await form.getByLabel('Event name').fill('user.profile.updated');
    await form
      .getByLabel('Payload (JSON)')
      .fill('{"user_id": 7, "note": "<img src=x onerror=alert(1)>"}');
    await form.getByRole('button', { name: 'Emit user.profile.updated' }).click();
    await expect(lab.logRows().first()).toContainText('user.profile.updated');
    // text from events is shown as text, never as HTML
    await expect(lab.logRows().first()).toContainText('<img src=x onerror=alert(1)>');
    await expect(lab.log.locator('img')).toHaveCount(0);
    await lab.expectCounts({ analytics: 1, logger: 1, email_sender: 0 });

    await form.getByLabel('Event name').fill('user..x');
    await form.getByRole('button', { name: 'Emit user..x' }).click();
    await expect(form.getByRole('alert')).toContainText("empty segment ('..')");
    await expect(form.getByLabel('Event name')).toHaveAttribute('aria-invalid', 'true');

    await form.getByLabel('Event name').fill('order.paid');
    await form.getByLabel('Payload (JSON)').fill('{"amount": ');
    await form.getByRole('button', { name: 'Emit order.paid' }).click();
    await expect(form.getByRole('alert')).toContainText('The payload is not valid JSON');
    await expect(lab.logRows()).toHaveCount(1);
  });

  test('the log can be cleared', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });
    await lab.emit('order.created');
    await expect(lab.logRows()).toHaveCount(1);
    await lab.log.getByRole('button', { name: 'Clear log' }).click();
    await expect(lab.logRows()).toHaveCount(0);
    await expect(lab.log).toContainText('No events yet');
    await expect(lab.activity).toContainText('log cleared (1 entry)');
  });

  test('pause holds events in flight; step plays one event at a time', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open();
    await page.getByRole('button', { name: 'Pause' }).click();
    await lab.emit('user.registered');
    await lab.emit('order.created');
    await expect(page.getByRole('toolbar', { name: 'Playback' })).toContainText('2 in flight');
    await page.waitForTimeout(1200);
    await expect(lab.logRows()).toHaveCount(0);

    const step = page.getByRole('button', { name: 'Step' });
    await step.click();
    await expect(lab.logRows()).toHaveCount(1);
    await lab.expectCounts({ email_sender: 1 });
    await expect(step).toBeEnabled();
    await step.click();
    await expect(lab.logRows()).toHaveCount(2);
    await expect(lab.logRows().first()).toContainText('order.created');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  });

  test('works by keyboard alone', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open({ speed: '4x' });
    // reach the control with Tab alone, as a keyboard user would, not by focusing it directly
    const emit = page.getByRole('button', { name: 'Emit user.deleted' });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let presses = 0; presses < 60; presses++) {
      if (await emit.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(emit).toBeFocused();
    await page.keyboard.press('Enter');
    await lab.expectCounts({ analytics: 1, logger: 1 });

    await page.getByRole('button', { name: 'Unsubscribe logger from *' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Subscribe logger to *' })).toBeFocused();

    await page.getByRole('switch', { name: 'email_sender throws on delivery' }).focus();
    await page.keyboard.press('Space');
    await expect(
      page.getByRole('switch', { name: 'email_sender throws on delivery' }),
    ).toHaveAttribute('aria-checked', 'true');

    // Space pauses when focus is not on a control
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  });

  test('switches the guide between English and Ukrainian', async ({ page }) => {
    const lab = new EventBusLab(page);
    await lab.open();
    await expect(page.getByRole('region', { name: 'Guide' })).toContainText(
      'subscribe() adds a callback',
    );
    await page.getByRole('button', { name: 'Українська' }).click();
    await expect(page.getByRole('region', { name: 'Посібник' })).toContainText(
      'subscribe() додає callback',
    );
    await expect(page.getByRole('heading', { name: 'Шина подій (EventBus)' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('region', { name: 'Посібник' })).toBeVisible();
  });
});

test.describe('Lab 1 with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('no moving dots: the travelled edge is highlighted, and counts still arrive', async ({
    page,
  }) => {
    const lab = new EventBusLab(page);
    await lab.open();
    await lab.emit('user.registered');
    await expect(page.locator('.edge-track[data-carrying]').first()).toBeAttached();
    await expect(page.locator('.particle')).toHaveCount(0);
    await lab.expectCounts({ email_sender: 1, analytics: 1, logger: 1 });
  });
});

test.describe('Lab 1 with motion', () => {
  test('a particle travels from the producer to the bus, then to each listener', async ({
    page,
  }) => {
    const lab = new EventBusLab(page);
    await lab.open();
    await page.getByRole('button', { name: 'Speed 0.25x' }).click();
    await lab.emit('user.registered');
    await expect(page.locator('.particle-message')).toHaveCount(1);
    await expect(page.locator('.particle-message text')).toHaveText('user.registered');
    // after the first hop the bus fans out: exact, prefix and all deliveries, drawn apart
    await expect(page.locator('.particle-exact')).toHaveCount(1, { timeout: 6000 });
    await expect(page.locator('.particle-prefix')).toHaveCount(1);
    await expect(page.locator('.particle-all')).toHaveCount(1);
  });
});
