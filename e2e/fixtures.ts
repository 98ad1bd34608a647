import {
  expect,
  type Locator,
  type Page,
  type PlaywrightTestArgs,
  type TestType,
} from '@playwright/test';

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
  readonly seq?: number;
  readonly queue?: string;
  readonly redelivered?: boolean;
  readonly cause?: string;
}

export const readTrace = (page: Page): Promise<TraceLike[]> =>
  page.evaluate(
    () => (window as unknown as { eventlab?: { trace(): TraceLike[] } }).eventlab?.trace() ?? [],
  );

/** The log labs' read-only test API (`window.eventlabLog`, src/ui/log/testApi.ts). */
interface LogLabWindow {
  eventlabLog?: { snapshot(): unknown; records(): Promise<unknown[]> };
}

export function logLabSnapshot<T>(page: Page): Promise<T> {
  return page.evaluate(() =>
    (window as unknown as LogLabWindow).eventlabLog?.snapshot(),
  ) as Promise<T>;
}

export function logLabRecords<T>(page: Page): Promise<T[]> {
  return page.evaluate(
    async () => (await (window as unknown as LogLabWindow).eventlabLog?.records()) ?? [],
  ) as Promise<T[]>;
}

/** Fails each test of the file whose page logged an error or threw on the way. */
export function expectNoPageErrors(t: TestType<PlaywrightTestArgs, object>) {
  let errors: string[] = [];
  t.beforeEach(({ page }) => {
    errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  t.afterEach(() => {
    expect(errors).toEqual([]);
  });
}
