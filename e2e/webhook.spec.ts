import { expect, test } from '@playwright/test';
import { signedHeaders } from '../src/server/testing';
import { WebhookLab } from './webhookLab';
import { SIGNED_URL, UNSIGNED_URL, WEBHOOK_TEST_SECRET } from './webhookServers';

test.describe('Lab 7: webhooks over HTTP', () => {
  test('a person sends each kind of test webhook and reads what came back', async ({ page }) => {
    const lab = new WebhookLab(page, UNSIGNED_URL);
    await lab.open();
    await expect(lab.panel.getByTestId('signing')).toContainText('Signatures are off');
    const acceptedBefore = await lab.count('accepted');

    await lab.send('Valid');
    const valid = lab.request('valid');
    await expect(valid.getByTestId('status')).toHaveText('200');
    await expect(valid.getByTestId('event')).toContainText('made order.created · unsigned');
    await expect(lab.panel.getByTestId('curl')).toContainText(
      `curl -i '${UNSIGNED_URL}/webhook/order' -H 'content-type: application/json'`,
    );
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await lab.panel.getByRole('button', { name: 'Copy curl' }).click();
    await expect(lab.panel.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await lab.panel.getByTestId('curl').textContent(),
    );
    // the answer came in milliseconds; the worker (a slow email) finishes over a second later
    // (orders that other specs left queued on this server may be ahead of it in the worker)
    await expect(valid.getByTestId('work-ms')).toHaveText(/\d\.\d\d s/, { timeout: 20_000 });
    const answer = Number(
      (await valid.getByTestId('answer-ms').textContent())?.match(/([\d.]+) ms/)?.[1],
    );
    expect(answer).toBeLessThan(1000);
    await expect.poll(() => lab.count('accepted')).toBeGreaterThan(acceptedBefore);
    // the worker called the three listeners drawn after it
    for (const listener of ['email_sender', 'logger', 'analytics']) {
      await expect(page.getByTestId(`received-${listener}`)).not.toHaveText('0');
    }

    await lab.send('Invalid');
    const invalid = lab.request('invalid');
    await expect(invalid.getByTestId('status')).toHaveText('400');
    await expect(invalid.getByTestId('message')).toHaveText('amount: must be at least 0');
    await expect(invalid.getByTestId('event')).toHaveText('no event');

    await lab.send('Duplicate');
    const duplicate = lab.request('duplicate');
    await expect(duplicate.getByTestId('status')).toHaveText('200');
    await expect(duplicate.getByTestId('message')).toContainText('this duplicate made no event');
    await expect.poll(() => lab.count('duplicates')).toBeGreaterThan(0);

    await lab.send('Oversized (101 KB)');
    const oversized = lab.request('oversized');
    await expect(oversized.getByTestId('status')).toHaveText('413');
    await expect(oversized.getByTestId('message')).toContainText('over 102400 bytes');

    // with signatures off, a forged signature is not checked: accepted, and marked unsigned
    await lab.send('Forged signature');
    await expect(lab.request('forged').getByTestId('event')).toContainText('unsigned');

    // the picture: the refused requests are counted on the endpoint node
    await expect.poll(() => lab.count('refused')).toBeGreaterThanOrEqual(2);
  });

  test('with WEBHOOK_SECRET set, requests must be signed with it', async ({ page }) => {
    const lab = new WebhookLab(page, SIGNED_URL);
    await lab.open();
    await expect(lab.panel.getByTestId('signing')).toContainText('requires signatures');

    await lab.send('Valid');
    await expect(lab.request('valid').getByTestId('status')).toHaveText('401');
    await expect(lab.request('valid').getByTestId('message')).toHaveText(
      'missing webhook-timestamp, webhook-signature (signatures are on)',
    );

    await lab.panel.getByLabel(/Secret to sign with/).fill(WEBHOOK_TEST_SECRET);
    await lab.send('Valid');
    await expect(lab.request('valid').getByTestId('status')).toHaveText('200');
    await expect(lab.request('valid').getByTestId('event')).toContainText(
      'made order.created · signed',
    );
    await expect(lab.panel.getByTestId('curl')).toContainText("-H 'webhook-signature: v1,");

    await lab.send('Forged signature');
    await expect(lab.request('forged').getByTestId('status')).toHaveText('401');
    await expect(lab.request('forged').getByTestId('message')).toHaveText(
      'no signature in webhook-signature matches this body',
    );
  });

  test('a request sent from outside the page appears in the open tab within a second', async ({
    page,
    request,
  }) => {
    const lab = new WebhookLab(page, SIGNED_URL);
    await lab.open();
    const id = `msg_outside_${Date.now()}`;
    const body = JSON.stringify({ order_id: 'OUT-1', amount: 99.5, event: 'order.paid' });
    const reply = await request.post(`${SIGNED_URL}/webhook/order`, {
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(body, { secret: WEBHOOK_TEST_SECRET, id }),
      },
      data: body,
    });
    const answeredAt = Date.now();
    expect(reply.status()).toBe(200);
    expect(await reply.json()).toMatchObject({ id, status: 'accepted', queued: false });
    const row = lab.requestById(id);
    await expect(row).toBeVisible({ timeout: 1000 });
    expect(Date.now() - answeredAt).toBeLessThan(1000);
    await expect(row.getByTestId('event')).toContainText('made order.paid · signed');
    await expect(row).toContainText('outside');
  });
});
