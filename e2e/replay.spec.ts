import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { expectNoPageErrors, logLabRecords } from './fixtures';

interface StoredRecord {
  offset: number;
  event: string;
  data: { id: string; amount: number };
}

const records = (page: Page) => logLabRecords<StoredRecord>(page);

const live = (page: Page) => page.getByRole('region', { name: 'Account', exact: true });
const replayed = (page: Page) =>
  page.getByRole('region', { name: 'NEW account, rebuilt by replay' });

// the page logs no errors on the way (a failed store write is shown, not thrown)
expectNoPageErrors(test);

async function open(page: Page) {
  await page.goto('/labs/replay');
  await expect(page.getByRole('heading', { name: 'Event replay' })).toBeVisible();
  await expect(live(page).getByRole('button', { name: 'Deposit' })).toBeVisible();
}

async function operate(page: Page, kind: 'Deposit' | 'Withdraw', amount: number) {
  await live(page).getByLabel('Amount, UAH').fill(String(amount));
  await live(page).getByRole('button', { name: kind, exact: true }).click();
}

test('the course demo: 1000 → 2000 UAH, and a NEW account rebuilt to 2000 by replay without logging again', async ({
  page,
}) => {
  await open(page);
  await expect(live(page).getByLabel('Balance')).toHaveText('1 000 UAH');
  await operate(page, 'Deposit', 500);
  await expect(live(page).getByLabel('Balance')).toHaveText('1 500 UAH');
  await operate(page, 'Deposit', 700);
  await expect(live(page).getByLabel('Balance')).toHaveText('2 200 UAH');
  await operate(page, 'Withdraw', 200);
  await expect(live(page).getByLabel('Balance')).toHaveText('2 000 UAH');
  await expect(page.getByTestId('log-end')).toHaveText('3 events stored');

  // the NEW account opens with 1000 and follows each replayed event: every balance it shows
  // is recorded in the page, since at 4/s each lasts a quarter of a second, shorter than
  // some of the polls of an expect on a busy machine
  const balance = replayed(page).getByLabel('Balance');
  await expect(balance).toHaveText('1 000 UAH');
  // watched from the region: the output element itself may be replaced as the account renders
  await replayed(page).evaluate((region) => {
    const text = () => region.querySelector('output[aria-label="Balance"]')?.textContent ?? '';
    const shown = [text()];
    (window as unknown as { shownBalances: string[] }).shownBalances = shown;
    new MutationObserver(() => {
      if (shown.at(-1) !== text()) shown.push(text());
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  await replayed(page).getByRole('button', { name: '4/s' }).click();
  await replayed(page).getByRole('button', { name: 'Replay' }).click();
  await expect(balance).toHaveText('2 000 UAH');
  const shown = await page.evaluate(
    () => (window as unknown as { shownBalances: string[] }).shownBalances,
  );
  expect(shown).toEqual(['1 000 UAH', '1 500 UAH', '2 200 UAH', '2 000 UAH']);
  await expect(page.getByTestId('replay-status')).toContainText('caught up with the log');
  await expect(page.getByTestId('replay-status')).toContainText('matches the account');
  // replayed events are not logged again
  await expect(page.getByTestId('log-end')).toHaveText('3 events stored');
  expect((await records(page)).map((r) => r.event)).toEqual([
    'money.deposited',
    'money.deposited',
    'money.withdrawn',
  ]);
  // the log exports in the course's format, one JSON object a line
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON lines' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('account-log.jsonl');
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  expect(lines.map((l) => JSON.parse(l))).toMatchObject([
    { event: 'money.deposited', data: { amount: 500 } },
    { event: 'money.deposited', data: { amount: 700 } },
    { event: 'money.withdrawn', data: { amount: 200 } },
  ]);
  expect(JSON.parse(lines[0] ?? '{}').timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
});

test('step, scrub to any offset, refuse an overdraft, and come back the same after a reload', async ({
  page,
}) => {
  await open(page);
  await operate(page, 'Deposit', 500);
  await operate(page, 'Deposit', 700);
  await operate(page, 'Withdraw', 200);
  await expect(page.getByTestId('log-end')).toHaveText('3 events stored');

  await operate(page, 'Withdraw', 5000);
  await expect(live(page).getByRole('alert')).toHaveText(
    'Insufficient funds: 2000 UAH available, 5000 UAH asked',
  );
  await expect(page.getByTestId('log-end')).toHaveText('3 events stored');

  await replayed(page).getByRole('button', { name: 'Step' }).click();
  await expect(replayed(page).getByLabel('Balance')).toHaveText('1 500 UAH');
  await expect(page.locator('[data-offset="1"]')).toHaveClass(/is-cursor/);
  await replayed(page).getByRole('slider', { name: 'State as of offset' }).fill('2');
  await expect(replayed(page).getByLabel('Balance')).toHaveText('2 200 UAH');
  await replayed(page).getByRole('slider', { name: 'State as of offset' }).fill('0');
  await expect(replayed(page).getByLabel('Balance')).toHaveText('1 000 UAH');
  await replayed(page).getByRole('slider', { name: 'State as of offset' }).fill('2');
  await expect(replayed(page).getByLabel('Balance')).toHaveText('2 200 UAH');

  await page.reload();
  await expect(live(page).getByLabel('Balance')).toHaveText('2 000 UAH');
  await expect(replayed(page).getByLabel('Balance')).toHaveText('2 200 UAH');
  await expect(page.getByTestId('log-end')).toHaveText('3 events stored');
  await expect(replayed(page).getByRole('slider', { name: 'State as of offset' })).toHaveValue('2');
  await replayed(page).getByRole('button', { name: 'Step' }).click();
  await expect(replayed(page).getByLabel('Balance')).toHaveText('2 000 UAH');
});

test('reloading in the middle of a batch, several times, loses nothing reported stored and stores nothing twice', async ({
  page,
}) => {
  await open(page);
  const reported = new Map<string, number>();
  for (const wait of [40, 120, 0, 250, 80]) {
    await live(page).getByRole('button', { name: 'Add random operations' }).click();
    await page.waitForTimeout(wait);
    // what the page can say is stored, read just before the page goes away
    for (const r of await records(page)) reported.set(r.data.id, r.offset);
    await page.reload();
    await expect(live(page).getByRole('button', { name: 'Deposit' })).toBeVisible();
  }
  const stored = await records(page);
  // offsets unique and gapless
  expect(stored.map((r) => r.offset)).toEqual(stored.map((_, i) => i));
  // no record twice
  const ids = stored.map((r) => r.data.id);
  expect(new Set(ids).size).toBe(ids.length);
  // nothing reported stored is lost, and it kept its offset
  const byId = new Map(stored.map((r) => [r.data.id, r.offset]));
  for (const [id, offset] of reported) expect(byId.get(id), id).toBe(offset);
  // batches are all or nothing: whole hundreds
  expect(stored.length % 100).toBe(0);
  // the balance the page shows is the one the log makes
  const balance = stored.reduce(
    (b, r) => b + (r.event === 'money.deposited' ? r.data.amount : -r.data.amount),
    1000,
  );
  await expect(live(page).getByLabel('Balance')).toHaveText(
    `${balance.toLocaleString('en').replace(/,/g, ' ')} UAH`,
  );
});
