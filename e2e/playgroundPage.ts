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

/**
 * A person's click on a moving dot the inspector follows beyond the broker (`kind`: a
 * producer's send to a topic or saga, a group's read of a record, a saga's order), at the
 * dot's place, tried again when it landed before the click; done when the inspector's title
 * reads `title`.
 */
export async function clickFollowedDot(
  page: Page,
  kind: 'send' | 'record' | 'order',
  title: RegExp,
) {
  const dots = page.locator(`.particle.is-inspectable[data-journey*='"kind":"${kind}"']`);
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(async () => {
    const box = await dots.first().boundingBox({ timeout: 5_000 });
    if (box === null) throw new Error('the dot has no box');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(inspector.getByRole('heading', { name: title })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
}
