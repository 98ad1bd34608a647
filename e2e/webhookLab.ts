import { expect, type Locator, type Page } from '@playwright/test';

/** A person's view of the webhook lab: the panel's buttons, the secret, the request list. */
export class WebhookLab {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/labs/webhook`);
    await expect(this.page.getByRole('heading', { name: 'Webhooks over HTTP' })).toBeVisible();
    // the tab is connected to the server's event stream
    await expect(this.panel.getByTestId('feed-state')).toHaveText('live');
  }

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Send a webhook' });
  }

  send(preset: string): Promise<void> {
    return this.panel.getByRole('button', { name: preset, exact: true }).click();
  }

  /** the newest request row of a preset ("valid", "oversized"...) */
  request(preset: string): Locator {
    return this.panel
      .getByTestId('request')
      .filter({ has: this.page.locator('.badge', { hasText: new RegExp(`^${preset}$`) }) })
      .first();
  }

  /** the row of a request by its webhook-id */
  requestById(id: string): Locator {
    return this.panel.getByTestId('request').filter({ hasText: id });
  }

  count(stat: 'accepted' | 'unsigned' | 'duplicates' | 'refused'): Promise<number> {
    return this.page
      .getByTestId(`${stat}-endpoint`)
      .textContent()
      .then((text) => Number(text));
  }
}
