// The playground with a scenario of 200 nodes at 5,000 messages a second, in the built app:
// frames a second and long tasks with the particles on, beside the same canvas with the
// particles off (?particles=off) in the same run (issue 7, "Figures": particles under 20%).
// Driven from Node (Playwright); run by bench/run.mjs like any bench module.

import { installMeter } from './harness/meter.mjs';

const CLUSTERS = 18;
const ACTIVE = 5; // producers sending 1,000 a second each: 5,000 a second in all
const RATE = '1000';
const WARMUP_MS = 3_000;
const MEASURE_MS = 10_000;

/**
 * 18 clusters of 11 nodes (a producer -> topic exchange -> 3 queues -> 3 consumers, and a
 * producer -> bus -> listener) and an external service -> HTTP endpoint: 200 nodes. One
 * consumer a cluster runs a worker (18 Web Workers); queues hold at most 500 (drop-head).
 */
export function bigScenario() {
  const nodes = [];
  const edges = [];
  const bindings = [];
  const subscriptions = [];
  const at = (c, col, row) => ({ x: col * 240, y: c * 720 + row * 230 });
  for (let c = 0; c < CLUSTERS; c++) {
    const p = `p${c}`;
    const x = `x${c}`;
    nodes.push(
      {
        id: p,
        kind: 'producer',
        label: p,
        position: at(c, 0, 0),
        emits: [{ event: 'order.created', data: { n: c } }],
        load: true,
      },
      { id: x, kind: 'exchange', label: x, position: at(c, 1, 0), exchangeType: 'topic' },
    );
    edges.push({ id: `e${c}`, source: p, target: x });
    for (let q = 0; q < 3; q++) {
      const qid = `q${c}_${q}`;
      const cid = `c${c}_${q}`;
      nodes.push(
        {
          id: qid,
          kind: 'queue',
          label: qid,
          position: at(c, 2, q),
          maxLength: 500,
          overflow: 'drop-head',
        },
        {
          id: cid,
          kind: 'consumer',
          label: cid,
          position: at(c, 3, q),
          queue: qid,
          handler: { kind: 'log' },
          workers: q === 0 ? 1 : 0,
          prefetch: 10,
        },
      );
      bindings.push({ id: `b${c}_${q}`, exchange: x, queue: qid, key: '#' });
    }
    const pb = `pb${c}`;
    const bus = `bus${c}`;
    const l = `l${c}`;
    nodes.push(
      {
        id: pb,
        kind: 'producer',
        label: pb,
        position: at(c, 4, 0),
        emits: [{ event: 'user.registered', data: {} }],
        load: true,
      },
      { id: bus, kind: 'bus', label: bus, position: at(c, 5, 0), logCapacity: 100 },
      { id: l, kind: 'listener', label: l, position: at(c, 6, 0), service: 'record' },
    );
    edges.push({ id: `eb${c}`, source: pb, target: bus });
    subscriptions.push({ id: `s${c}`, bus, listener: l, pattern: '*', active: true });
  }
  nodes.push(
    { id: 'ext', kind: 'external', label: 'ext', position: { x: -480, y: 0 } },
    {
      id: 'http',
      kind: 'http',
      label: 'http',
      position: { x: -240, y: 0 },
      method: 'POST',
      path: '/webhook/order',
    },
  );
  edges.push(
    { id: 'e-ext', source: 'ext', target: 'http' },
    { id: 'e-http', source: 'http', target: 'bus0' },
  );
  return {
    format: 'eventlab.scenario',
    version: 1,
    id: 'bench-200',
    title: { en: '200 nodes', uk: '200 вузлів' },
    nodes,
    edges,
    subscriptions,
    bindings,
    settings: { hopMs: 700, speed: 1, seed: 1 },
    guide: { intro: { en: 'bench', uk: 'bench' }, points: [], tryIt: [] },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n, d = 0) =>
  Number(n).toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

async function phase(browser, appUrl, log, particles) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.addInitScript(installMeter);
  await page.goto(`${appUrl}/playground${particles ? '' : '?particles=off'}`);
  await page.getByText(/^Empty\./).waitFor();
  await page.getByLabel('Import file').setInputFiles({
    name: 'bench-200.eventlab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bigScenario())),
  });
  await page.locator('.react-flow__node').nth(199).waitFor({ state: 'attached' });
  await page.waitForFunction(
    () => Object.keys(window.eventlab?.snapshot().consumers ?? {}).length === 54,
  );
  await sleep(1_000);
  for (let c = 0; c < ACTIVE; c++) {
    await page.getByLabel(`p${c} rate (messages a second)`).selectOption(RATE);
  }
  log(`playgroundFps: particles ${particles ? 'on' : 'off'}, ${ACTIVE} x ${RATE}/s, warming up`);
  await sleep(WARMUP_MS);
  const start = await page.evaluate(() => {
    const m = window.__meter;
    const s = window.eventlab.snapshot();
    const published = Object.values(s.exchanges).reduce((n, x) => n + x.published, 0);
    return { at: performance.now(), frames: m.frames, longTasks: m.longTasks.length, published };
  });
  await sleep(MEASURE_MS);
  const result = await page.evaluate((start) => {
    const m = window.__meter;
    const s = window.eventlab.snapshot();
    const published = Object.values(s.exchanges).reduce((n, x) => n + x.published, 0);
    const ms = performance.now() - start.at;
    const tasks = m.longTasks.slice(start.longTasks);
    return {
      fps: ((m.frames - start.frames) / ms) * 1000,
      longTasks: tasks.length,
      longest: Math.max(0, ...tasks),
      publishedPerSec: ((published - start.published) / ms) * 1000,
      dots: document.querySelectorAll('.particle, [data-particle]').length,
    };
  }, start);
  await page.close();
  return result;
}

export async function run({ browser, appUrl, log }) {
  const on = await phase(browser, appUrl, log, true);
  const off = await phase(browser, appUrl, log, false);
  const cost = 1 - on.fps / off.fps;
  return {
    title: 'playground: 200 nodes at 5,000 messages a second, particles on against off',
    rows: [
      { kind: 'measure', name: 'particles on: fps', value: on.fps, unit: 'fps' },
      { kind: 'measure', name: 'particles off: fps', value: off.fps, unit: 'fps' },
      { kind: 'measure', name: 'particles on: long tasks', value: on.longTasks, unit: 'count' },
      { kind: 'measure', name: 'particles off: long tasks', value: off.longTasks, unit: 'count' },
      { kind: 'measure', name: 'particles on: longest task', value: on.longest, unit: 'ms' },
      { kind: 'measure', name: 'particles off: longest task', value: off.longest, unit: 'ms' },
    ],
    comparisons: [],
    notes: [
      `the built app at /playground, 1440x900, headless Chromium; a ${CLUSTERS}-cluster scenario of 200 nodes imported with the page's own Import file (bench/playgroundFps.driver.mjs: bigScenario)`,
      `${ACTIVE} producers set to ${RATE}/s from their nodes; ${WARMUP_MS / 1000} s to settle, ${MEASURE_MS / 1000} s measured; particles off = ?particles=off`,
      'fps = requestAnimationFrame callbacks a second; long tasks from PerformanceObserver("longtask")',
    ],
    findings: [
      `published ${fmt(on.publishedPerSec)}/s (particles on), ${fmt(off.publishedPerSec)}/s (off)`,
      `the particles cost ${fmt(cost * 100, 1)}% of the frame rate (${fmt(on.fps, 1)} against ${fmt(off.fps, 1)} fps); goal under 20%: ${cost < 0.2 ? 'MET' : 'NOT MET'}`,
    ],
  };
}
