import { expect, test } from '@playwright/test';

test.describe('Lab 3: the shop', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/labs/shop');
    await expect(page.getByRole('heading', { name: 'Shop simulation' })).toBeVisible();
    await page.getByRole('button', { name: 'Speed 4x' }).click();
  });

  test('orders and payments reach both services; analytics shows the revenue', async ({ page }) => {
    const create = page.getByRole('button', { name: 'create_order() → order.created' });
    const pay = page.getByRole('button', { name: 'pay_order() → order.paid' });
    await create.click();
    await create.click();
    await pay.click();

    const orders = page.getByRole('list', { name: 'Orders' });
    await expect(orders.getByText('paid', { exact: true })).toHaveCount(1);
    await expect(orders.getByText('created', { exact: true })).toHaveCount(1);
    const paidRow = orders.locator('li', { hasText: 'paid' });
    const amount = (await paidRow.locator('.mono').nth(1).textContent())?.replace(' UAH', '') ?? '';

    await expect(page.getByTestId('received-NotificationService')).toHaveText('3');
    await expect(page.getByTestId('received-AnalyticsService')).toHaveText('3');
    await expect(page.getByTestId('analytics-orders')).toHaveText('2');
    await expect(page.getByTestId('analytics-payments')).toHaveText('1');
    await expect(page.getByTestId('analytics-revenue')).toHaveText(
      `${Number(amount).toLocaleString('en')} UAH`,
    );
    const sent = page.getByRole('list', { name: 'Sent notifications' });
    await expect(sent.locator('li').first()).toContainText('SMS: payment for order A-101 received');

    const log = page.getByRole('region', { name: 'Event log' });
    await expect(log.locator('tbody tr')).toHaveCount(3);
    await expect(log.locator('tbody tr').first()).toContainText('order.paid');
  });

  test('pay_order() with nothing to pay is refused and emits nothing', async ({ page }) => {
    await page.getByRole('button', { name: 'pay_order() → order.paid' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'There is no unpaid order: create_order() first',
    );
    await expect(page.getByRole('region', { name: 'Event log' })).toContainText('No events yet');
  });

  test('a failing NotificationService does not stop AnalyticsService', async ({ page }) => {
    await page.getByRole('switch', { name: 'NotificationService throws on delivery' }).click();
    await page.getByRole('button', { name: 'create_order() → order.created' }).click();
    await page.getByRole('button', { name: 'pay_order() → order.paid' }).click();
    await expect(page.getByTestId('failed-NotificationService')).toHaveText('2');
    await expect(page.getByTestId('analytics-payments')).toHaveText('1');
  });
});
