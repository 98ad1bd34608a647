import { expect, type Locator, type Page } from '@playwright/test';

/** A person's view of Lab 1: the controls they click and the numbers they read. */
export class EventBusLab {
  constructor(readonly page: Page) {}

  async open(options: { speed?: string } = {}) {
    await this.page.goto('/labs/event-bus');
    await expect(this.page.getByRole('heading', { name: 'The event bus' })).toBeVisible();
    if (options.speed !== undefined) {
      await this.page.getByRole('button', { name: `Speed ${options.speed}` }).click();
    }
  }

  emit(event: string): Promise<void> {
    return this.page.getByRole('button', { name: `Emit ${event}`, exact: true }).click();
  }

  received(listener: string): Locator {
    return this.page.getByTestId(`received-${listener}`);
  }

  failed(listener: string): Locator {
    return this.page.getByTestId(`failed-${listener}`);
  }

  get log(): Locator {
    return this.page.getByRole('region', { name: 'Event log' });
  }

  get activity(): Locator {
    return this.page.getByRole('region', { name: 'Activity' });
  }

  logRows(): Locator {
    return this.log.locator('tbody tr');
  }

  async expectCounts(counts: Record<string, number>) {
    for (const [listener, n] of Object.entries(counts)) {
      await expect(this.received(listener), `${listener} received`).toHaveText(String(n));
    }
  }
}

/** The fields of trace events these tests read (the page's `window.eventlab.trace()`). */
interface TraceLike {
  readonly type: string;
  readonly queue?: string;
  readonly redelivered?: boolean;
  readonly cause?: string;
}

export const readTrace = (page: Page): Promise<TraceLike[]> =>
  page.evaluate(
    () => (window as unknown as { eventlab?: { trace(): TraceLike[] } }).eventlab?.trace() ?? [],
  );
