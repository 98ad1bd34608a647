// Which Chromium the e2e tests and the benchmarks launch, and with which flags. Plain
// JavaScript so that both playwright.config.ts and the Node bench runner can import it.
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

// As root in a container, Chromium will not start without --no-sandbox; on a closed network
// its background connections (updates, sync, QUIC probes) fail noisily at every start.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * PLAYWRIGHT_CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when present, else
 * undefined: Playwright's own browser (`npx playwright install chromium` on a laptop).
 * @returns {string | undefined}
 */
export function chromiumPath() {
  return (
    process.env.PLAYWRIGHT_CHROMIUM_PATH ??
    (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)
  );
}
