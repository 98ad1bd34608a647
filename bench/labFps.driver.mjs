// The RabbitMQ lab under load, in the built app: frames a second, long tasks and the JS heap
// at 1,000 and 10,000 messages a second (particles on, then off), and a minute at 10,000/s for
// the heap. Driven from Node (Playwright + CDP); run by bench/run.mjs like any bench module.

import { installMeter } from './harness/meter.mjs';

const LAB = '/labs/rabbitmq';
const RATE_LABEL = 'Producer rate (messages a second)';
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
const MEMORY_WARMUP_MS = 10_000;
// two minutes, not one: a leak of 2 MB a minute (the node pulse's, found on 2026-11-26) read as
// bounded over a single minute of noisy readings; the slope below says it outright
const MEMORY_MS = 120_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function openLab(browser, appUrl, query, log) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') log(`page error: ${message.text()}`);
  });
  await page.addInitScript(installMeter);
  await page.goto(`${appUrl}${LAB}${query}`);
  await page.waitForFunction(() => {
    const consumers = window.eventlab?.snapshot().consumers ?? {};
    const all = Object.values(consumers);
    return all.length > 0 && all.every((c) => c.workers.some((w) => w.state === 'idle'));
  });
  const cdp = await page.context().newCDPSession(page);
  const heap = async (gc) => {
    if (gc) {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
    }
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const setRate = (rate) => page.getByLabel(RATE_LABEL).selectOption(String(rate));
  return { page, cdp, heap, setRate };
}

/** What the engine has done so far: messages published, acked, waiting. */
function engineCounts(page) {
  return page.evaluate(() => {
    const s = window.eventlab?.snapshot();
    if (s === undefined) return { published: 0, acked: 0, ready: 0, unacked: 0 };
    const queues = Object.values(s.queues);
    return {
      published: Object.values(s.exchanges).reduce((n, e) => n + e.published, 0),
      acked: queues.reduce((n, q) => n + q.acked, 0),
      ready: queues.reduce((n, q) => n + q.ready, 0),
      unacked: queues.reduce((n, q) => n + q.unacked, 0),
      particles: document.querySelectorAll('.particle-layer .particle').length,
    };
  });
}

async function measure(lab, ms) {
  const { page } = lab;
  await page.evaluate(() => {
    const m = window.__meter;
    m.frames = 0;
    m.since = performance.now();
    m.worstFrame = 0;
    m.last = 0;
    m.longTasks = [];
  });
  const before = await engineCounts(page);
  await sleep(ms);
  const meter = await page.evaluate(() => {
    const m = window.__meter;
    const seconds = (performance.now() - m.since) / 1000;
    return {
      fps: m.frames / seconds,
      worstFrame: m.worstFrame,
      longTasks: m.longTasks.length,
      longestTask: Math.max(0, ...m.longTasks),
      longTaskMs: m.longTasks.reduce((a, b) => a + b, 0),
      seconds,
    };
  });
  const after = await engineCounts(page);
  const heap = await lab.heap(false);
  return {
    ...meter,
    heap,
    publishedPerSec: (after.published - before.published) / meter.seconds,
    ackedPerSec: (after.acked - before.acked) / meter.seconds,
    ready: after.ready,
    particles: after.particles,
  };
}

async function loadPhases(browser, appUrl, log, particles) {
  const query = particles ? '' : '?particles=off';
  const lab = await openLab(browser, appUrl, query, log);
  const out = {};
  try {
    out.idle = await measure(lab, 3_000);
    for (const rate of [1_000, 10_000]) {
      log(`labFps: particles ${particles ? 'on' : 'off'}, ${rate}/s`);
      await lab.setRate(rate);
      await sleep(WARMUP_MS);
      out[rate] = await measure(lab, MEASURE_MS);
    }
  } finally {
    await lab.page.close();
  }
  return out;
}

async function memoryPhase(browser, appUrl, log) {
  const lab = await openLab(browser, appUrl, '', log);
  try {
    const initial = await lab.heap(true);
    await lab.setRate(10_000);
    log(`labFps: memory, ${MEMORY_WARMUP_MS / 1000} s warm-up at 10,000/s`);
    await sleep(MEMORY_WARMUP_MS);
    const warm = await lab.heap(true);
    const warmCounts = await engineCounts(lab.page);
    const samples = [];
    for (let t = 0; t < MEMORY_MS; t += 15_000) {
      await sleep(15_000);
      samples.push(await lab.heap(true));
      log(`labFps: memory, ${(t + 15_000) / 1000} s: ${mb(samples.at(-1))}`);
    }
    const endCounts = await engineCounts(lab.page);
    return { initial, warm, samples, end: samples.at(-1) ?? warm, warmCounts, endCounts };
  } finally {
    await lab.page.close();
  }
}

/** MB a minute: the least-squares slope of the heap readings, 15 s apart from warm-up on. */
function slopeText({ warm, samples }) {
  const ys = [warm, ...samples].map((b) => b / 1024 / 1024);
  const xs = ys.map((_, i) => (i * 15) / 60);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return `${slope >= 0 ? '+' : ''}${slope.toFixed(2)} MB a minute`;
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function run({ browser, appUrl, log }) {
  const on = await loadPhases(browser, appUrl, log, true);
  const off = await loadPhases(browser, appUrl, log, false);
  const memory = await memoryPhase(browser, appUrl, log);

  const rows = [];
  const notes = [
    `the built app (vite build, served by vite preview) at ${LAB}, viewport 1280x800, headless Chromium`,
    `rate set with the "${RATE_LABEL}" select; ${WARMUP_MS / 1000} s to settle, then ${MEASURE_MS / 1000} s measured`,
    'fps = requestAnimationFrame callbacks a second; long tasks from PerformanceObserver("longtask") (tasks over 50 ms)',
    'heap = Runtime.getHeapUsage usedSize (no GC) at the end of the window; memory rows after HeapProfiler.collectGarbage',
    'particles off: the same page with ?particles=off (ParticleLayer draws nothing)',
  ];
  const findings = [];
  const phaseRows = (label, r) => {
    rows.push(
      { kind: 'measure', name: `${label}: fps`, value: r.fps, unit: 'fps' },
      { kind: 'measure', name: `${label}: worst frame`, value: r.worstFrame, unit: 'ms' },
      { kind: 'measure', name: `${label}: long tasks`, value: r.longTasks, unit: 'count' },
      { kind: 'measure', name: `${label}: longest task`, value: r.longestTask, unit: 'ms' },
      { kind: 'measure', name: `${label}: heap`, value: r.heap, unit: 'bytes' },
    );
    findings.push(
      `${label}: published ${fmt(r.publishedPerSec)}/s, acked ${fmt(r.ackedPerSec)}/s, ${fmt(r.ready)} waiting in queues, ${fmt(r.particles)} particle elements at the end, long tasks ${fmt(r.longTaskMs)} ms in all`,
    );
  };
  for (const [name, result] of [
    ['particles on', on],
    ['particles off', off],
  ]) {
    phaseRows(`${name}, idle`, result.idle);
    phaseRows(`${name}, 1,000/s`, result[1000]);
    phaseRows(`${name}, 10,000/s`, result[10000]);
  }
  rows.push(
    { kind: 'measure', name: 'memory: heap on opening', value: memory.initial, unit: 'bytes' },
    { kind: 'measure', name: 'memory: heap after warm-up', value: memory.warm, unit: 'bytes' },
    ...memory.samples.map((value, i) => ({
      kind: 'measure',
      name: `memory: heap after warm-up + ${(i + 1) * 15} s`,
      value,
      unit: 'bytes',
    })),
  );
  const k = on[1000];
  findings.push(
    `goal at 1,000/s (particles on): >= 50 fps ${k.fps >= 50 ? 'MET' : 'NOT MET'} (${fmt(k.fps, 1)}); no long task over 50 ms ${k.longTasks === 0 ? 'MET' : `NOT MET (${k.longTasks}, longest ${fmt(k.longestTask)} ms)`}`,
    `10,000/s (particles on): ${fmt(on[10000].fps, 1)} fps, ${on[10000].longTasks} long tasks, longest ${fmt(on[10000].longestTask)} ms`,
    `memory: heap slope after warm-up ${slopeText(memory)} (least squares over the ${memory.samples.length + 1} readings after forced GC)`,
    `memory: ${mb(memory.warm)} after warm-up, ${mb(memory.end)} after ${MEMORY_MS / 1000} s more (${memory.end >= memory.warm ? '+' : ''}${mb(memory.end - memory.warm)}); waiting in queues ${fmt(memory.warmCounts.ready)} -> ${fmt(memory.endCounts.ready)}, acked ${fmt(memory.warmCounts.acked)} -> ${fmt(memory.endCounts.acked)}, published ${fmt(memory.warmCounts.published)} -> ${fmt(memory.endCounts.published)}`,
  );
  return {
    title: 'RabbitMQ lab under load: frames, long tasks, heap',
    rows,
    comparisons: [
      {
        subject: `memory: heap after warm-up + ${MEMORY_MS / 1000} s`,
        anchors: ['memory: heap after warm-up'],
      },
    ],
    notes,
    findings,
  };
}
