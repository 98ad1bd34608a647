import { expect, type Page } from '@playwright/test';

/** The playground's settings panel. */
export const settings = (page: Page) => page.getByRole('region', { name: 'Settings' });

/** A node on the playground's canvas, by id. */
export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Selects a node with the mouse and connects it to `target` from the settings panel. */
export async function connect(page: Page, source: string, target: string) {
  await node(page, source).click({ position: { x: 30, y: 12 } });
  await expect(settings(page).getByText(source, { exact: true })).toBeVisible();
  await settings(page).getByLabel('Connect to').selectOption(target);
  await settings(page).getByRole('button', { name: 'Connect', exact: true }).click();
}
