// Headless Chromium for the bench page, launched as playwright.config.ts does.
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

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
