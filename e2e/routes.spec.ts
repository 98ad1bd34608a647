import { expect, test } from '@playwright/test';
import { LABS } from '../src/labs/catalog';

// every lab of the course is built: each opens at its address, with its title and no notice
for (const lab of LABS) {
  test(`${lab.id} opens at /labs/${lab.id}`, async ({ page }) => {
    await page.goto(`/labs/${lab.id}`);
    await expect(page.getByRole('heading', { level: 1, name: lab.title.en })).toBeVisible();
    await expect(page.getByText('is not built yet')).toHaveCount(0);
    await expect(page.getByText('No lab has this address.')).toHaveCount(0);
  });
}

test('an unknown address says so', async ({ page }) => {
  await page.goto('/labs/nope');
  await expect(page.getByRole('heading', { name: 'No lab has this address.' })).toBeVisible();
});

test('the page has no console errors on the way through Lab 1', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByRole('link', { name: 'The event bus' }).click();
  await page.getByRole('button', { name: 'Emit order.created' }).click();
  await expect(page.getByTestId('received-logger')).toHaveText('1');
  expect(errors).toEqual([]);
});
