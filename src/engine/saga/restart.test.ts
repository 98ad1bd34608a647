import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import type { LogRecordInput } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import type { TraceEvent } from '../trace';
import type { Fault } from './faults';
import { opaqueModel } from './serviceModel';
import {
  type Mode,
  memoryStores,
  type RecorderState,
  recorderModel,
  SagaWorld,
  stepsSaga,
  type WorldOptions,
} from './testing';

const models = Array.from({ length: 5 }, (_, i) => opaqueModel(recorderModel(`svc${i + 1}`)));
const faults: [string, string, Fault][] = [
  ['svc2', 'undo', { mode: 'fail-times', times: 2 }],
  ['svc3', 'do', { mode: 'fail-times', times: 1 }],
];
let dbs = 0;

function options(mode: Mode, durable: boolean): WorldOptions {
  const name = `saga-restart-${Date.now()}-${dbs++}`;
  return {
    mode,
    definition: stepsSaga(5, { attempts: 2 }),
    models,
    faults,
    openStore: durable ? () => openIndexedDbLogStore({ name }) : memoryStores(),
  };
}

/** Three orders: one goes through, one is refused at step 4, one at step 2. */
function startOrders(w: SagaWorld) {
  w.start('a', { id: 'a' });
  w.start('b', { id: 'b', failAt: 'svc4' });
  w.start('c', { id: 'c', failAt: 'svc2' });
}

/** The end state with each recorder's lists sorted: orders may interleave differently. */
function ending(w: SagaWorld) {
  const { sagas, stores } = w.endState();
  const sorted = Object.fromEntries(
    Object.entries(stores).map(([name, s]) => {
      const r = s as RecorderState;
      return [name, { done: [...r.done].sort(), undone: [...r.undone].sort() }];
    }),
  );
  return { sagas, stores: sorted };
}

async function uninterrupted(mode: Mode) {
  const w = await SagaWorld.build(options(mode, false));
  startOrders(w);
  await w.run();
  return ending(w);
}

async function withRestart(mode: Mode, durable: boolean, at: (e: TraceEvent) => boolean) {
  const first = await SagaWorld.build(options(mode, durable));
  startOrders(first);
  await first.runUntil(at);
  const crashedAt = first.recorded.events().length;
  const second = await first.restart();
  await second.run();
  const end = ending(second);
  if (durable) await second.store.close();
  return { end, crashedAt, second };
}

describe.each<Mode>(['orchestration', 'choreography'])('restart, %s', (mode) => {
  it('reaches the end state of a run without one, in the middle of the forward steps', async () => {
    const expected = await uninterrupted(mode);
    expect(expected.sagas).toMatchObject({
      a: { status: 'completed' },
      b: { status: 'aborted', compensated: [2, 1, 0] },
      c: { status: 'aborted', compensated: [0] },
    });
    const { end, second } = await withRestart(
      mode,
      true,
      (e) => e.type === 'saga.step-succeeded' && e.saga === 'a' && e.step === 's2',
    );
    expect(end).toEqual(expected);
    expect(second.recorded.ofType('saga.recovered')).toMatchObject([{ sagas: 3 }]);
  });

  it('reaches the end state of a run without one, in the middle of the compensations', async () => {
    const expected = await uninterrupted(mode);
    const { end, second } = await withRestart(
      mode,
      true,
      (e) => e.type === 'saga.compensation-failed' && e.saga === 'b',
    );
    expect(end).toEqual(expected);
    // b was still compensating when the page went: it went on from where its log stood
    expect(
      second.recorded
        .ofType('saga.compensated')
        .filter((e) => e.saga === 'b')
        .map((e) => e.step),
    ).toEqual(['s2', 's1']);
  });

  it('reaches the same end state whichever event the restart follows', async () => {
    const expected = await uninterrupted(mode);
    let restarts = 0;
    for (let n = 1; ; n += 2) {
      const { end, crashedAt } = await withRestart(
        mode,
        false,
        (e) => e.seq >= n && e.type.startsWith('saga.'),
      );
      expect(end, `restart after trace event ${n}`).toEqual(expected);
      if (crashedAt < n) break;
      restarts++;
    }
    // every other event of the whole run: messages in flight, tries awaited, backoffs
    expect(restarts).toBeGreaterThan(30);
  });

  it('survives two restarts in a row, and one with nothing left to do', async () => {
    const expected = await uninterrupted(mode);
    const first = await SagaWorld.build(options(mode, true));
    startOrders(first);
    await first.runUntil((e) => e.type === 'saga.compensation-started');
    const second = await first.restart();
    await second.runUntil((e) => e.type === 'saga.compensated');
    const third = await second.restart();
    await third.run();
    expect(ending(third)).toEqual(expected);
    const fourth = await third.restart();
    await fourth.run();
    expect(ending(fourth)).toEqual(expected);
    expect(fourth.recorded.ofType('saga.recovered')).toMatchObject([{ sagas: 3, open: 0 }]);
    await fourth.store.close();
  });
});

/**
 * A store that, once armed, lets no write finish: it drops it (`before`: the page went
 * before the transaction committed) or stores it and never says so (`after`: it committed,
 * and the page went before it heard).
 */
function crashingStore(mode: 'before' | 'after') {
  const disk = new MemoryLogStore();
  let armed = false;
  const store = new Proxy(disk, {
    get(target, prop, receiver) {
      if (prop !== 'append') {
        const value = Reflect.get(target, prop, receiver);
        // its methods use private fields: they must run on the store itself
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (topic: string, partition: number, records: LogRecordInput[]) => {
        if (!armed) return target.append(topic, partition, records);
        if (mode === 'after') void target.append(topic, partition, records);
        return new Promise(() => {});
      };
    },
  });
  return {
    open: async () => (armed ? disk : store),
    arm: () => {
      armed = true;
    },
  };
}

describe.each<Mode>(['orchestration', 'choreography'])('a reload during a write, %s', (mode) => {
  for (const crash of ['before', 'after'] as const) {
    it(`ends as a run without one, the write lost or kept (${crash} its commit)`, async () => {
      const expected = await uninterrupted(mode);
      let crashes = 0;
      for (let n = 1; ; n += 3) {
        const disk = crashingStore(crash);
        const first = await SagaWorld.build({ ...options(mode, false), openStore: disk.open });
        startOrders(first);
        await first.runUntil((e) => e.seq >= n && e.type.startsWith('saga.'));
        if (first.clock.nextDue() === undefined) break;
        disk.arm();
        // the next event's writes start and never finish; then the page goes
        first.clock.fireNext();
        await Promise.resolve();
        const second = await first.restart({ abrupt: true });
        await second.run();
        expect(ending(second), `a reload after trace event ${n}`).toEqual(expected);
        crashes++;
      }
      expect(crashes).toBeGreaterThan(15);
    });
  }
});
