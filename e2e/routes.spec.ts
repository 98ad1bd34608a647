import { expect, test } from '@playwright/test';

test('a planned lab says so and links home', async ({ page }) => {
  await page.goto('/labs/saga');
  await expect(
    page.getByRole('heading', { name: 'This lab is part of the course but is not built yet.' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'All labs' }).click();
  await expect(page).toHaveURL(/\/$/);
});

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
