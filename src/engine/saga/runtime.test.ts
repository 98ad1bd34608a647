import { describe, expect, it } from 'vitest';
import { MemoryLogStore } from '../../storage/memoryStore';
import type { Fault } from './faults';
import { opaqueModel } from './serviceModel';
import { type Mode, type RecorderState, recorderModel, SagaWorld, stepsSaga } from './testing';

const models = Array.from({ length: 5 }, (_, i) => opaqueModel(recorderModel(`svc${i + 1}`)));

function world(
  mode: Mode,
  faults: [string, string, Fault][] = [],
  extra: Parameters<typeof stepsSaga>[1] = {},
) {
  return SagaWorld.build({ mode, definition: stepsSaga(5, extra), models, faults });
}

const recorder = (w: SagaWorld, i: number) => w.services.get(`svc${i}`)?.state as RecorderState;
const steps = (
  w: SagaWorld,
  type: 'saga.compensated' | 'saga.step-succeeded' | 'saga.step-retried',
) => w.recorded.ofType(type).map((e) => e.step);

describe.each<Mode>(['orchestration', 'choreography'])('%s', (mode) => {
  it('runs a saga to the end and logs each step durably', async () => {
    const w = await world(mode);
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.saga('o1')?.status).toBe('completed');
    for (let i = 1; i <= 5; i++) expect(recorder(w, i).done).toEqual(['o1']);
    expect(w.runtime.log.entries('o1').map((e) => e.fact.type)).toEqual([
      'saga.started',
      ...Array.from({ length: 5 }, () => ['saga.step-started', 'saga.step-succeeded']).flat(),
      'saga.completed',
    ]);
  });

  for (let k = 1; k <= 5; k++) {
    it(`fails at step ${k}: exactly steps ${k - 1}..1 are compensated, in that order`, async () => {
      const w = await world(mode, [[`svc${k}`, 'do', { mode: 'fail' }]]);
      w.start('o1', { id: 'o1' });
      await w.run();
      const expected = Array.from({ length: k - 1 }, (_, i) => `s${k - 1 - i}`);
      expect(steps(w, 'saga.compensated')).toEqual(expected);
      expect(w.saga('o1')).toMatchObject({ status: 'aborted', failure: { step: `s${k}` } });
      for (let i = 1; i <= 5; i++) {
        expect(recorder(w, i)).toEqual({
          done: i < k ? ['o1'] : [],
          undone: i < k ? ['o1'] : [],
        });
      }
      expect(w.recorded.ofType('saga.aborted')).toHaveLength(1);
    });
  }

  it('retries a failure after the pivot forward, compensating nothing', async () => {
    const w = await world(mode, [['svc4', 'do', { mode: 'fail-times', times: 4 }]], {
      pivot: 's3',
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(steps(w, 'saga.step-retried')).toEqual(['s4', 's4', 's4', 's4']);
    expect(steps(w, 'saga.compensated')).toEqual([]);
    expect(w.saga('o1')?.status).toBe('completed');
    expect(recorder(w, 4).done).toEqual(['o1']);
  });

  it('applies a compensation that throws twice once', async () => {
    const w = await world(mode, [
      ['svc4', 'do', { mode: 'fail' }],
      ['svc2', 'undo', { mode: 'fail-times', times: 2 }],
    ]);
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.recorded.ofType('saga.compensation-failed').map((e) => e.step)).toEqual(['s2', 's2']);
    expect(steps(w, 'saga.compensated')).toEqual(['s3', 's2', 's1']);
    expect(recorder(w, 2).undone).toEqual(['o1']);
    expect(w.saga('o1')?.status).toBe('aborted');
  });

  it('counts a timeout as a failure and undoes the step in doubt, ignoring its late reply', async () => {
    const w = await world(mode, [['svc3', 'do', { mode: 'timeout', delayMs: 500 }]]);
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.recorded.ofType('saga.step-timed-out')).toMatchObject([
      { step: 's3', compensate: [2, 1, 0] },
    ]);
    expect(steps(w, 'saga.compensated')).toEqual(['s3', 's2', 's1']);
    // the action did run (its reply was only late), so undoing it was right
    expect(recorder(w, 3)).toEqual({ done: ['o1'], undone: ['o1'] });
    expect(w.recorded.ofType('saga.reply-ignored')).toHaveLength(1);
    expect(w.saga('o1')?.status).toBe('aborted');
  });

  it('a timed-out step retried with the same key is applied once', async () => {
    const w = await world(mode, [['svc2', 'do', { mode: 'timeout', delayMs: 150 }]], {
      attempts: 3,
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    // try 1 timed out at 100 ms; its late success (at 150) came during the backoff and counts
    expect(w.saga('o1')?.status).toBe('completed');
    expect(recorder(w, 2).done).toEqual(['o1']);
    const handled = w.recorded.ofType('saga.service-handled').filter((e) => e.service === 'svc2');
    expect(handled.filter((e) => !e.duplicate)).toHaveLength(1);
  });

  it('runs many instances side by side', async () => {
    const w = await world(mode, [['svc3', 'do', { mode: 'fail-times', times: 1 }]], {
      attempts: 2,
    });
    for (let i = 0; i < 20; i++) w.start(`o${i}`, { id: `o${i}` });
    await w.run();
    expect(w.sagas().map((s) => s.status)).toEqual(Array(20).fill('completed'));
    expect(recorder(w, 5).done).toHaveLength(20);
  });

  for (const at of ['saga.step-succeeded', 'saga.step-retried', 'saga.compensation-started']) {
    it(`goes on after the store refused every write for a while (from a ${at})`, async () => {
      const faults: [string, string, Fault][] = [
        ['svc3', 'do', { mode: 'fail-times', times: 1 }],
        ['svc5', 'do', { mode: 'fail' }],
      ];
      const build = (store: MemoryLogStore) =>
        SagaWorld.build({
          mode,
          definition: stepsSaga(5, { attempts: 2 }),
          models,
          faults,
          openStore: async () => store,
        });
      const plain = await build(new MemoryLogStore());
      plain.start('o1', { id: 'o1' });
      await plain.run();
      const store = new MemoryLogStore();
      const w = await build(store);
      w.start('o1', { id: 'o1' });
      await w.runUntil((e) => e.type === at);
      store.maxBytes = 0; // a full disk: every write is refused
      await expect(w.run({ untilMs: 300 })).rejects.toMatchObject({ code: 'quota-exceeded' });
      store.maxBytes = Number.POSITIVE_INFINITY;
      await w.run();
      expect(w.endState()).toEqual(plain.endState());
      expect(w.saga('o1')).toMatchObject({ status: 'aborted', compensated: [3, 2, 1, 0] });
    });
  }

  it('answers a command its service does not know with a failure it does not keep', async () => {
    const w = await SagaWorld.build({
      mode,
      definition: {
        ...stepsSaga(2),
        steps: stepsSaga(2).steps.map((st, i) => (i === 1 ? { ...st, action: 'nope' } : st)),
      },
      models,
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.saga('o1')).toMatchObject({
      status: 'aborted',
      failure: { reason: 'svc2 has no action "nope"' },
    });
    expect(recorder(w, 1)).toEqual({ done: ['o1'], undone: ['o1'] });
  });

  it('refuses a second saga for the same order', async () => {
    const w = await world(mode);
    w.start('o1', { id: 'o1' });
    expect(() => w.start('o1', { id: 'o1' })).toThrow(/one instance per order/);
    await w.run();
  });
});

describe('orchestration over queues', () => {
  it('a duplicated reply makes one state change', async () => {
    const w = await SagaWorld.build({
      mode: 'orchestration',
      definition: stepsSaga(5),
      models,
      duplicate: (m) => m.kind === 'reply',
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.saga('o1')?.status).toBe('completed');
    expect(w.recorded.ofType('saga.step-succeeded')).toHaveLength(5);
    expect(w.recorded.ofType('saga.reply-ignored')).toHaveLength(5);
    expect(w.runtime.log.entries('o1')).toHaveLength(12);
  });

  it('an action that arrives after its undo is refused, so it cannot take effect', async () => {
    const w = await SagaWorld.build({
      mode: 'orchestration',
      definition: stepsSaga(5),
      models,
      // s3's command waits in its queue past its timeout: the saga gives s3 up and undoes it
      delay: (m) =>
        m.kind === 'command' && m.command.step === 's3' && m.command.work === 'action' ? 1_000 : 0,
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(steps(w, 'saga.compensated')).toEqual(['s3', 's2', 's1']);
    const s3 = w.recorded.ofType('saga.service-handled').filter((e) => e.service === 'svc3');
    expect(s3.map((e) => [e.work, e.ok, e.reason])).toEqual([
      ['compensation', true, undefined],
      ['action', false, 'cancelled before it ran'],
    ]);
    expect(recorder(w, 3)).toEqual({ done: [], undone: [] });
  });

  it('a step with a timed-out try is in doubt even when its last try fails cleanly', async () => {
    // found by the property test (seed 291): try 1's command waits in its queue, tries 2 and
    // 3 are refused, and try 1 arrives after the saga gave the step up
    const w = await SagaWorld.build({
      mode: 'orchestration',
      definition: stepsSaga(5, { attempts: 3 }),
      models,
      faults: [['svc3', 'do', { mode: 'fail-times', times: 2 }]],
      delay: (m) => (m.kind === 'command' && m.command.commandId === 'o1:2:a:1' ? 1_000 : 0),
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    expect(w.recorded.ofType('saga.step-failed').at(-1)).toMatchObject({ compensate: [2, 1, 0] });
    expect(steps(w, 'saga.compensated')).toEqual(['s3', 's2', 's1']);
    // the undo came first and barred it: nothing of s3 was left behind
    expect(recorder(w, 3)).toEqual({ done: [], undone: [] });
  });

  it('a duplicated command is run once by its service', async () => {
    const w = await SagaWorld.build({
      mode: 'orchestration',
      definition: stepsSaga(5),
      models,
      faults: [['svc5', 'do', { mode: 'fail' }]],
      duplicate: (m) => m.kind === 'command',
    });
    w.start('o1', { id: 'o1' });
    await w.run();
    for (let i = 1; i <= 4; i++) expect(recorder(w, i)).toEqual({ done: ['o1'], undone: ['o1'] });
    const duplicates = w.recorded.ofType('saga.service-handled').filter((e) => e.duplicate);
    expect(duplicates.length).toBeGreaterThan(0);
  });
});
