// The replay lab in the built app: 100,000 account events replayed at full speed from
// IndexedDB into the NEW account while the page animates a sample of them, beside a bare
// read of the same stored segments in the same page (issue 4, "Figures": replay).
// Driven from Node (Playwright); run by bench/run.mjs like any bench module.

import { installMeter } from './harness/meter.mjs';

const LAB = '/labs/replay';
const EVENTS = 100_000;
const ROUNDS = 9;
// the lab's log: eventlab-log-v1:<name> (src/storage/idbSchema.ts, format version 2), its
// batches store: one value a segment, the records' JSON joined by commas as a bare string
const DB = 'eventlab-log-v1:replay-lab';
const SEGMENTS = 'batches';

const fmt = (n, digits = 0) =>
  Number(n).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The bare read: one getAll of the segments' payloads, JSON.parse, the same apply. In the page. */
function bareRead({ db, store }) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const conn = open.result;
      const start = performance.now();
      const req = conn.transaction(store, 'readonly').objectStore(store).getAll();
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        let balance = 1000;
        let n = 0;
        for (const payload of req.result) {
          for (const r of JSON.parse(`[${payload}]`)) {
            const amount = r.data?.amount ?? 0;
            balance += r.event === 'money.deposited' ? amount : -amount;
            n++;
          }
        }
        const ms = performance.now() - start;
        conn.close();
        resolve({ ms, balance, n });
      };
    };
  });
}

/** The lab's replay at full speed, from a NEW account to the end, timed in the page. */
async function uiReplay(page) {
  const replayed = page.getByRole('region', { name: 'NEW account, rebuilt by replay' });
  await replayed.getByRole('button', { name: 'New account' }).click();
  await page.waitForFunction(() => window.eventlabLog?.snapshot().replay.position === 0);
  await replayed.getByRole('button', { name: 'max' }).click();
  // timed in the page from the click to the engine saying "done" (polled each millisecond,
  // not each frame), so neither Playwright's round trips nor a frame's wait count
  const ms = await page.evaluate(async () => {
    const m = window.__meter;
    m.mark = { frames: m.frames, longTasks: m.longTasks.length, flights: m.flights };
    const button = [...document.querySelectorAll('.replayed button')].find(
      (b) => b.textContent?.trim() === 'Replay',
    );
    const t0 = performance.now();
    m.mark.t0 = t0;
    button.click();
    await new Promise((resolve) => {
      const check = () =>
        window.eventlabLog.snapshot().replay.status === 'done' ? resolve() : setTimeout(check, 1);
      check();
    });
    return performance.now() - t0;
  });
  // the animation of the last batch: let the chips started during the replay be counted
  await page.waitForTimeout(700);
  return page.evaluate((ms) => {
    const m = window.__meter;
    const s = window.eventlabLog.snapshot();
    const longTasks = m.longTasks.slice(m.mark.longTasks);
    return {
      ms,
      balance: s.replay.account.balance,
      live: s.live.balance,
      n: s.replay.account.applied,
      frames: m.frames - m.mark.frames,
      // frames are counted until now, past the replay's end: the rate is over this span
      span: performance.now() - m.mark.t0,
      flights: m.flights - m.mark.flights,
      longTasks: longTasks.length,
      longest: Math.max(0, ...longTasks),
    };
  }, ms);
}

export async function run({ browser, appUrl, log }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.addInitScript(installMeter);
  await page.goto(`${appUrl}${LAB}`);
  const account = page.getByRole('region', { name: 'Account', exact: true });
  await account.getByRole('button', { name: 'Deposit' }).waitFor();
  await account.getByLabel('How many random operations').selectOption('10000');
  for (let i = 0; i < EVENTS / 10_000; i++) {
    await account.getByRole('button', { name: 'Add random operations' }).click();
    await page.waitForFunction(
      (n) => window.eventlabLog?.snapshot().logEnd >= n,
      (i + 1) * 10_000,
      {
        timeout: 120_000,
      },
    );
    log(`replayLab: ${fmt((i + 1) * 10_000)} events stored`);
  }
  // wait for the button to come back (the last burst's promise settled)
  await account.getByRole('button', { name: 'Add random operations' }).isEnabled();

  const ui = [];
  const bare = [];
  const wrong = [];
  // warm-up, unmeasured
  await uiReplay(page);
  await page.evaluate(bareRead, { db: DB, store: SEGMENTS });
  for (let round = 0; round < ROUNDS; round++) {
    // the order alternates, so neither side always runs just after the other's garbage
    let u;
    let b;
    if (round % 2 === 0) {
      u = await uiReplay(page);
      b = await page.evaluate(bareRead, { db: DB, store: SEGMENTS });
    } else {
      b = await page.evaluate(bareRead, { db: DB, store: SEGMENTS });
      u = await uiReplay(page);
    }
    log(
      `replayLab: round ${round + 1}: UI ${fmt(u.ms)} ms, bare ${fmt(b.ms)} ms, ${u.flights} chips flown`,
    );
    if (u.n !== EVENTS || u.balance !== u.live)
      wrong.push(`UI replay applied ${u.n}, balance ${u.balance} (live ${u.live})`);
    if (b.n !== EVENTS || b.balance !== u.live)
      wrong.push(`bare read ${b.n} records, balance ${b.balance}`);
    ui.push(u);
    bare.push(b);
  }
  await page.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const uiMs = median(ui.map((u) => u.ms));
  const bareMs = median(bare.map((b) => b.ms));
  const uiRate = (EVENTS / uiMs) * 1000;
  const bareRate = (EVENTS / bareMs) * 1000;
  // on a busy machine one side of a round can stall: the ratio round by round, side by side
  const byRound = ui.map((u, i) => (bare[i]?.ms ?? 0) / u.ms);
  const fps = median(ui.map((u) => (u.frames / u.span) * 1000));
  const flights = median(ui.map((u) => u.flights));
  const rows = [
    {
      kind: 'measure',
      name: 'replay lab, full speed: events/s end to end',
      value: uiRate,
      unit: 'events/s',
    },
    {
      kind: 'measure',
      name: 'bare IDB read + parse + apply: events/s',
      value: bareRate,
      unit: 'events/s',
    },
    {
      kind: 'measure',
      name: 'replay lab: frames a second during the replay',
      value: fps,
      unit: 'fps',
    },
    {
      kind: 'measure',
      name: 'replay lab: chips animated during the replay',
      value: flights,
      unit: 'count',
    },
    {
      kind: 'measure',
      name: 'replay lab: long tasks during the replay',
      value: median(ui.map((u) => u.longTasks)),
      unit: 'count',
    },
    {
      kind: 'measure',
      name: 'replay lab: longest task during the replay',
      value: median(ui.map((u) => u.longest)),
      unit: 'ms',
    },
  ];
  return {
    title: 'replay lab: 100,000 events replayed in the page beside a bare IndexedDB read',
    rows,
    comparisons: [],
    notes: [
      `the built app at ${LAB}, 1280x800, headless Chromium; ${fmt(EVENTS)} random deposits and withdrawals added with the lab's own "Add random operations" (10,000 a click, 1,000 a transaction)`,
      'UI: "New account", "max", then in the page: click "Replay" and time until the engine says "done" (polled each millisecond); the NEW account must end equal to the live one; frames and chips counted from the click to 0.7 s after',
      "bare: in the same page, a plain indexedDB.open of the lab database, one getAll of its batches store (the segments' payloads, bare strings), JSON.parse of each, the same apply",
      `median of ${ROUNDS} rounds after one unmeasured pass each (UI first in odd rounds, bare first in even ones); frames = requestAnimationFrame callbacks; chips = .flight elements added (the sample of events animated)`,
    ],
    findings: [
      ...wrong,
      `end to end: ${fmt(uiRate)} events/s = ${fmt((uiRate / bareRate) * 100)}% of the bare read (${fmt(bareRate)}/s); goal >= 70%: ${uiRate / bareRate >= 0.7 ? 'MET' : 'NOT MET'}`,
      `round by round (UI rate / bare rate of the same round): median ${fmt(median(byRound) * 100)}%, by round ${byRound.map((r) => `${fmt(r * 100)}%`).join(' ')}`,
      `while it ran: ${fmt(fps, 1)} fps, ${flights} events animated as chips flying from the tape to the NEW account`,
    ],
  };
}
