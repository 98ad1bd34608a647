// Headless Chromium for the bench page, launched as playwright.config.ts does.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

// Same choice and flags as playwright.config.ts (which is TypeScript, so Node cannot
// import it here): the sandboxed container needs --no-sandbox, and the closed network
// makes Chromium's background connections fail noisily.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  return (
    process.env.PLAYWRIGHT_CHROMIUM_PATH ??
    (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)
  );
}

export async function launchChromium() {
  const executablePath = chromiumPath();
  return chromium.launch({
    headless: true,
    ...(executablePath ? { executablePath } : {}),
    args: chromiumArgs,
  });
}

/**
 * A fresh page for one bench module (its own heap), wired to the runner: a GC-then-measure
 * function over CDP, and a progress logger.
 */
export async function openBenchPage(browser, url, log) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      const { url } = message.location();
      log(`page ${message.type()}: ${message.text()}${url ? ` (${url})` : ''}`);
    }
  });
  await page.exposeFunction('benchHeapAfterGc', async () => {
    // twice: the first pass can leave garbage that only finalisers released
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return { usedSize, totalSize };
  });
  await page.exposeFunction('benchLog', (message) => log(String(message)));
  await page.goto(url);
  await page.waitForFunction(() => window.eventlabBench !== undefined);
  return page;
}
