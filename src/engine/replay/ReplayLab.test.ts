import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import type { LogStore } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import { SimulatedClock } from '../clock';
import { createRng } from '../rng';
import { recordTrace, Trace } from '../trace';
import { ACCOUNT_EVENTS, applyToAccount, OPENING_BALANCE, openAccount } from './account';
import { REPLAY_TOPIC, ReplayLab, ReplayLabError } from './ReplayLab';

const T0 = Date.UTC(2026, 10, 25);

async function openLab(store: LogStore = new MemoryLogStore(), seed = 1) {
  const clock = new SimulatedClock(T0);
  const trace = new Trace(clock);
  const recorded = recordTrace(trace, 10_000);
  const lab = await ReplayLab.open({ store, clock, rng: createRng(seed), trace });
  return { lab, clock, store, recorded };
}

/** Lets the store's promises and the lab's mailbox settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Advances the simulated clock in small steps, settling the async store between them. */
async function run(clock: SimulatedClock, ms: number, stepMs = 50) {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    await settle();
  }
}

/** The course's demo: 1000 UAH taken to 2000 UAH. */
async function courseDemo(lab: ReplayLab) {
  await lab.deposit(500);
  await lab.deposit(700);
  await lab.withdraw(200);
}

describe('account', () => {
  it('applies deposits and withdrawals and counts what it cannot read as read', () => {
    let a = openAccount();
    a = applyToAccount(a, ACCOUNT_EVENTS.deposited, { id: 'a', amount: 300 });
    a = applyToAccount(a, ACCOUNT_EVENTS.withdrawn, { id: 'b', amount: 100 });
    a = applyToAccount(a, 'money.deposited', { amount: 'lots' });
    a = applyToAccount(a, 'other.event', { id: 'c', amount: 5 });
    expect(a).toEqual({ balance: OPENING_BALANCE + 200, applied: 4 });
  });
});

describe('ReplayLab', () => {
  it('takes the live account to 2000 UAH, every operation stored in the log first', async () => {
    const { lab, store } = await openLab();
    await courseDemo(lab);
    expect(lab.snapshot.live.balance).toBe(2000);
    const records = await store.read(REPLAY_TOPIC, 0, 0, 100);
    expect(records.map((r) => [r.offset, r.event])).toEqual([
      [0, 'money.deposited'],
      [1, 'money.deposited'],
      [2, 'money.withdrawn'],
    ]);
    expect(lab.snapshot.logEnd).toBe(3);
  });

  it('refuses bad amounts and overdrafts with the reason, storing nothing', async () => {
    const { lab, store, recorded } = await openLab();
    await expect(lab.withdraw(1001)).rejects.toThrow(/Insufficient funds: 1000 UAH available/);
    await expect(lab.deposit(0)).rejects.toThrow(ReplayLabError);
    await expect(lab.deposit(1.5)).rejects.toThrow(/whole number/);
    await expect(lab.deposit(Number.NaN)).rejects.toThrow(ReplayLabError);
    expect((await store.range(REPLAY_TOPIC, 0)).end).toBe(0);
    expect(recorded.events().filter((e) => e.type === 'account.refused')).toHaveLength(4);
  });

  it('counts a withdrawal in flight against the balance, so two cannot overdraw it', async () => {
    const { lab } = await openLab();
    const first = lab.withdraw(800);
    await expect(lab.withdraw(300)).rejects.toThrow(/200 UAH available/);
    await first;
    expect(lab.snapshot.live.balance).toBe(200);
  });

  it('rebuilds a NEW account from 1000 to 2000 UAH by replay, without logging anything again', async () => {
    const { lab, clock, store, recorded } = await openLab();
    await courseDemo(lab);
    expect(lab.snapshot.replay.account.balance).toBe(OPENING_BALANCE);
    lab.play(4);
    await settle();
    expect(lab.snapshot.replay.status).toBe('playing');
    await run(clock, 300);
    // 4 a second: one record in the first 250 ms
    expect(lab.snapshot.replay.position).toBe(1);
    expect(lab.snapshot.replay.account.balance).toBe(1500);
    await run(clock, 1000);
    expect(lab.snapshot.replay).toMatchObject({ position: 3, status: 'done' });
    expect(lab.snapshot.replay.account.balance).toBe(2000);
    expect((await store.range(REPLAY_TOPIC, 0)).end).toBe(3);
    const applied = recorded
      .events()
      .filter((e) => e.type === 'account.applied' && e.account === 'replayed');
    expect(applied.map((e) => (e.type === 'account.applied' ? e.balance : 0))).toEqual([
      1500, 2200, 2000,
    ]);
    expect(recorded.events().filter((e) => e.type === 'log.produced')).toHaveLength(3);
    // the journal tells each record and the balance it left, newest first
    expect(lab.snapshot.replay.journal.map((j) => [j.fromOffset, j.event, j.balance])).toEqual([
      [2, 'money.withdrawn', 2000],
      [1, 'money.deposited', 2200],
      [0, 'money.deposited', 1500],
    ]);
  });

  it('steps one record at a time and scrubs to the state as of any offset', async () => {
    const { lab } = await openLab();
    await courseDemo(lab);
    await lab.step();
    expect(lab.snapshot.replay).toMatchObject({ position: 1, status: 'paused' });
    expect(lab.snapshot.replay.account.balance).toBe(1500);
    await lab.scrubTo(2);
    expect(lab.snapshot.replay.account).toEqual({ balance: 2200, applied: 2 });
    await lab.scrubTo(0);
    expect(lab.snapshot.replay.account).toEqual({ balance: 1000, applied: 0 });
    await lab.scrubTo(99);
    expect(lab.snapshot.replay).toMatchObject({ position: 3, status: 'done' });
    expect(lab.snapshot.replay.account.balance).toBe(2000);
    await lab.restart();
    expect(lab.snapshot.replay).toMatchObject({ position: 0, status: 'idle' });
  });

  it('pauses a running replay between two records', async () => {
    const { lab, clock } = await openLab();
    await lab.burst(20);
    lab.play(4);
    await run(clock, 600);
    lab.pause();
    const at = lab.snapshot.replay.position;
    await run(clock, 2000);
    expect(lab.snapshot.replay.position).toBe(at);
    expect(lab.snapshot.replay.status).toBe('paused');
  });

  it('replays at full speed in batches to the same state as the live account', async () => {
    const { lab } = await openLab(new MemoryLogStore(), 7);
    await lab.burst(2_500, 500);
    expect(lab.snapshot.logEnd).toBe(2_500);
    lab.play(0);
    for (let i = 0; i < 100 && lab.snapshot.replay.status !== 'done'; i++) await settle();
    expect(lab.snapshot.replay.status).toBe('done');
    expect(lab.snapshot.replay.account).toEqual(lab.snapshot.live);
  });

  it('asks for the next batches while one is applied, and keeps a spread sample to animate', async () => {
    const store = new MemoryLogStore();
    let inFlight = 0;
    let most = 0;
    const asked: number[] = [];
    const read = store.read.bind(store);
    store.read = async (topic, partition, from, max) => {
      asked.push(from);
      most = Math.max(most, ++inFlight);
      try {
        return await read(topic, partition, from, max);
      } finally {
        inFlight--;
      }
    };
    const { lab } = await openLab(store, 3);
    await lab.burst(130_000, 10_000);
    asked.length = 0;
    lab.play(0);
    for (let i = 0; i < 300 && lab.snapshot.replay.status !== 'done'; i++) await settle();
    expect(lab.snapshot.replay.status).toBe('done');
    expect(lab.snapshot.replay.account).toEqual(lab.snapshot.live);
    // 130,000 in reads of 25,600, four at a time, then the tape's page
    expect(asked.slice(0, 6)).toEqual([0, 25_600, 51_200, 76_800, 102_400, 128_000]);
    expect(most).toBe(4);
    // six spread over each of the six batches; the newest 24 kept: the last four batches'
    const offsets = lab.snapshot.replay.sample.map((r) => r.offset);
    expect(offsets).toHaveLength(24);
    expect(offsets.at(-1)).toBe(129_999);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.filter((o) => o >= 51_200 && o < 76_800)).toHaveLength(6);
    expect(offsets.filter((o) => o < 51_200)).toEqual([]);
    // a restart empties it; a paced step adds the record it applied
    await lab.restart();
    expect(lab.snapshot.replay.sample).toEqual([]);
    await lab.step();
    expect(lab.snapshot.replay.sample.map((r) => r.offset)).toEqual([0]);
  });

  it('keeps the balance at or above zero in a burst', async () => {
    const { lab, store } = await openLab(new MemoryLogStore(), 3);
    await lab.burst(500);
    let balance = OPENING_BALANCE;
    for (const r of await store.read(REPLAY_TOPIC, 0, 0, 1000)) {
      balance = applyToAccount({ balance, applied: 0 }, r.event, r.data).balance;
      expect(balance).toBeGreaterThanOrEqual(0);
    }
  });

  it('comes back after a reload as it was: the log, both accounts and the replay position', async () => {
    const name = `replay-reload-${Date.now()}`;
    const first = await openLab(await openIndexedDbLogStore({ name }));
    await courseDemo(first.lab);
    await first.lab.step();
    await first.lab.step();
    first.lab.dispose();
    await first.store.close();

    const again = await openLab(await openIndexedDbLogStore({ name }), 2);
    expect(again.lab.snapshot.live.balance).toBe(2000);
    expect(again.lab.snapshot.logEnd).toBe(3);
    expect(again.lab.snapshot.replay).toMatchObject({ position: 2, status: 'paused' });
    expect(again.lab.snapshot.replay.account.balance).toBe(2200);
    await again.lab.step();
    expect(again.lab.snapshot.replay.account.balance).toBe(2000);
    // new operations after a reload get new ids
    await again.lab.deposit(1);
    const ids = (await again.lab.records()).map((r) => (r.data as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    again.lab.dispose();
    await again.store.close();
  });

  it('rebuilds both accounts from one read of the log when it opens', async () => {
    const store = new MemoryLogStore();
    const first = await openLab(store);
    await courseDemo(first.lab);
    await first.lab.step();
    first.lab.dispose();
    const reads: number[] = [];
    const read = store.read.bind(store);
    store.read = (topic, partition, from, max) => {
      reads.push(from);
      return read(topic, partition, from, max);
    };
    const again = await openLab(store);
    expect(again.lab.snapshot.live.balance).toBe(2000);
    expect(again.lab.snapshot.replay.account.balance).toBe(1500);
    // the fold from 0 (once, for both accounts), then the tape's page
    expect(reads).toEqual([0, 0]);
  });

  it('shows a full disk, rejects the operation and keeps the log intact', async () => {
    const { lab, store } = await openLab(new MemoryLogStore({ maxBytes: 300 }));
    await lab.deposit(10);
    await expect(lab.burst(50)).rejects.toThrow();
    expect(lab.snapshot.error).toMatch(/storage for this site is full/);
    expect(lab.snapshot.live.balance).toBe(1010);
    expect((await store.range(REPLAY_TOPIC, 0)).end).toBe(1);
    expect(lab.snapshot.pending).toBe(0);
  });

  it('shows the page of the log around the replay cursor on its tape', async () => {
    const { lab } = await openLab();
    await lab.burst(60, 60);
    await settle();
    expect(lab.snapshot.tape.from).toBe(48);
    expect(lab.snapshot.tape.records.map((r) => r.offset)).toEqual(
      Array.from({ length: 12 }, (_, i) => 48 + i),
    );
    await lab.scrubTo(30);
    expect(lab.snapshot.tape.from).toBe(24);
    expect(lab.snapshot.tape.records).toHaveLength(24);
  });
});
