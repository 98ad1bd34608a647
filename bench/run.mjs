// `npm run bench [-- name...]`: serves bench/ with Vite, runs every bench/*.bench.ts (or the
// ones named) in headless Chromium, then every bench/*.driver.mjs (Node modules that drive the
// built app in a browser page), prints each report. Exits non-zero only when the harness
// or a benchmark breaks; low figures are reported, never failed.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { startAppServer } from './harness/app.mjs';
import { launchChromium, openBenchPage } from './harness/browser.mjs';
import { formatReport } from './harness/print.mjs';
import { startBenchServer } from './harness/server.mjs';

// a hung page must not hang CI: far above the ~30 s a full run takes
const WATCHDOG_MS = 10 * 60 * 1000;

const wanted = process.argv.slice(2);
const chosen = readdirSync(new URL('.', import.meta.url))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();
// in-page modules: run inside bench/index.html
const modules = chosen.filter((file) => file.endsWith('.bench.ts'));
// drivers: run in Node against the built app (vite build + vite preview), a page each
const drivers = chosen.filter((file) => file.endsWith('.driver.mjs'));

// the last run's reports, as text and JSON (git-ignored), for RESULTS.md and for diffing runs
const OUT_DIR = new URL('out/', import.meta.url);

const log = (message) => console.log(`  · ${message}`);

// other work on the machine moves the figures: say how busy it was
const load = () =>
  `load average ${loadavg()[0].toFixed(2)} (1 min) on ${availableParallelism()} cores`;

async function main() {
  if (modules.length + drivers.length === 0) {
    throw new Error(`no bench/*.bench.ts or *.driver.mjs matches ${wanted.join(' ')}`);
  }
  const started = Date.now();
  // the bench page's dev server, only while in-page modules run: left running beside a
  // driver, its background work (dependency scan, watcher) took CPU from the measured page
  // on this 2-core machine (long tasks of 50-70 ms in the RabbitMQ lab that a run without
  // it never shows: bench/RESULTS.md, issue 3)
  let bench = modules.length > 0 ? await startBenchServer() : undefined;
  let browser;
  let app;
  let failures = 0;
  const reports = [];
  try {
    browser = await launchChromium();
    const where = bench === undefined ? 'no bench page' : `Vite at ${bench.baseUrl}`;
    console.log(`Chromium ${browser.version()}, ${where}, ${load()}\n`);
    for (const file of modules) {
      console.log(`# ${file}`);
      // a new page per module, so one benchmark's garbage and JIT state do not reach the next
      const page = await openBenchPage(browser, `${bench?.baseUrl}/bench/index.html`, log);
      try {
        const report = await page.evaluate(
          (path) => window.eventlabBench.run(path),
          `/bench/${file}`,
        );
        reports.push(report);
        console.log(`\n${formatReport(report)}`);
      } catch (error) {
        failures++;
        console.error(`${file} failed: ${error instanceof Error ? error.message : error}\n`);
      } finally {
        await page.close();
      }
    }
    await bench?.server.close();
    bench = undefined;
    if (drivers.length > 0) app = await startAppServer(log);
    for (const file of drivers) {
      console.log(`# ${file}`);
      try {
        const { run } = await import(new URL(file, import.meta.url).href);
        const report = await run({ browser, appUrl: app.baseUrl, log });
        reports.push(report);
        console.log(`\n${formatReport(report)}`);
      } catch (error) {
        failures++;
        console.error(`${file} failed: ${error instanceof Error ? error.stack : error}\n`);
      }
    }
  } finally {
    await browser?.close();
    await app?.close();
    await bench?.server.close();
  }
  if (reports.length > 0) {
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(new URL('latest.json', OUT_DIR), `${JSON.stringify(reports, null, 2)}\n`);
    writeFileSync(new URL('latest.md', OUT_DIR), reports.map(formatReport).join('\n'));
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s, ${load()}`);
  return failures === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60000} minutes, giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error('bench: the harness broke:', error);
    process.exitCode = 1;
  },
);
