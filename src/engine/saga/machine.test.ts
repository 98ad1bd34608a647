import { describe, expect, it } from 'vitest';
import { defineSaga, SagaDefinitionError } from './definition';
import { commandsFor, decide, startFacts } from './machine';
import { stepsSaga } from './testing';
import type { SagaFact } from './traceEvents';
import type { RunCommand, SagaInput, SagaState, StepReply } from './types';

const def = defineSaga(stepsSaga(5));

/** Drives one instance by hand: every run command is answered by `answer`. */
function drive(answer: (run: RunCommand) => boolean, definition = def, maxInputs = 200) {
  const facts: SagaFact[] = [];
  let { facts: first, state } = startFacts(definition, 'o1', { id: 'o1' });
  let inbox: SagaInput[] = [];
  const take = (newFacts: readonly SagaFact[], s: SagaState) => {
    facts.push(...newFacts);
    for (const fact of newFacts) {
      for (const c of commandsFor(definition, s, fact, 0)) {
        if (c.type === 'run') inbox.push({ type: 'reply', ...reply(c, answer(c)) });
        else if (c.kind === 'retry') inbox.push({ type: 'retry-due', commandId: c.commandId });
      }
    }
  };
  if (state) take(first, state);
  for (let i = 0; i < maxInputs && inbox.length > 0; i++) {
    const [input, ...rest] = inbox;
    inbox = rest;
    if (input === undefined) break;
    const d = decide(definition, state, input, 0);
    state = d.state;
    if (state) take(d.facts, state);
  }
  return { facts, state };
}

function reply(run: RunCommand, ok: boolean): StepReply {
  const { saga, commandId, index, work, attempt } = run;
  return { saga, commandId, index, work, attempt, ok, ...(ok ? {} : { reason: 'no' }) };
}

/** A started instance and the command for its first step. */
function firstRun() {
  const started = startFacts(def, 'o1', { id: 'o1' });
  const [, first] = started.facts;
  if (started.state === undefined || first === undefined) throw new Error('not started');
  const [run] = commandsFor(def, started.state, first, 0);
  if (run?.type !== 'run') throw new Error('no run command');
  return { started, run };
}

const ofType = (facts: readonly SagaFact[], type: SagaFact['type']) =>
  facts.filter((f) => f.type === type).map((f) => ('step' in f ? f.step : ''));

describe('saga definition', () => {
  it('names every wrong field', () => {
    const bad = {
      name: 'Order',
      pivot: 'nope',
      steps: [
        { name: 'a', service: 's', action: 'x', timeoutMs: -1 },
        { name: 'a', service: 's', action: 'x', retry: { attempts: 0 } },
      ],
    };
    expect(() => defineSaga(bad)).toThrow(SagaDefinitionError);
    try {
      defineSaga(bad);
    } catch (error) {
      const problems = (error as SagaDefinitionError).problems.join('\n');
      expect(problems).toMatch(/^name: /m);
      expect(problems).toMatch(/^steps\.0\.timeoutMs: /m);
      expect(problems).toMatch(/^steps\.1\.retry\.attempts: /m);
    }
    // the cross-field checks run once the fields themselves are right
    expect(() =>
      defineSaga({
        name: 'o',
        pivot: 'nope',
        steps: [
          { name: 'a', service: 's', action: 'x' },
          { name: 'a', service: 's', action: 'x' },
        ],
      }),
    ).toThrow(/steps\.1\.name: duplicate step; pivot: no step "nope"/);
  });

  it('refuses an event name used for two outcomes', () => {
    const events = (failed: string) => ({ succeeded: 'a.ok', failed, compensated: 'a.undone' });
    expect(() =>
      defineSaga({
        name: 'o',
        steps: [{ name: 'a', service: 's', action: 'x', events: events('a.ok') }],
      }),
    ).toThrow(/steps\.0\.events\.failed: "a\.ok" is also steps\.0\.events\.succeeded/);
  });

  it('fills defaults and the choreography event names', () => {
    const d = defineSaga({ name: 'o', steps: [{ name: 'a', service: 's', action: 'x' }] });
    expect(d.pivot).toBe(-1);
    expect(d.steps[0]).toMatchObject({
      timeoutMs: 1000,
      retry: { attempts: 3, backoffMs: 200, multiplier: 2, maxBackoffMs: 5000 },
      events: { succeeded: 's.a-succeeded', failed: 's.a-failed', compensated: 's.a-compensated' },
    });
  });
});

describe('saga machine', () => {
  it('runs every step in order and completes', () => {
    const { facts, state } = drive(() => true);
    expect(ofType(facts, 'saga.step-succeeded')).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(state?.status).toBe('completed');
    expect(facts.at(-1)?.type).toBe('saga.completed');
  });

  for (let k = 1; k <= 5; k++) {
    it(`failing at step ${k} compensates exactly steps ${k - 1}..1, in that order`, () => {
      const { facts, state } = drive((run) => run.work === 'compensation' || run.index !== k - 1);
      const expected = Array.from({ length: k - 1 }, (_, i) => `s${k - 1 - i}`);
      expect(ofType(facts, 'saga.compensated')).toEqual(expected);
      expect(ofType(facts, 'saga.compensation-started')).toEqual(expected);
      expect(state).toMatchObject({ status: 'aborted', failure: { step: `s${k}` } });
    });
  }

  it('retries a failed step as its policy says before it gives up', () => {
    const three = defineSaga(stepsSaga(2, { attempts: 3 }));
    const { facts } = drive((run) => run.index !== 1 || run.work === 'compensation', three);
    expect(ofType(facts, 'saga.step-retried')).toEqual(['s2', 's2']);
    expect(ofType(facts, 'saga.step-failed')).toEqual(['s2', 's2', 's2']);
    const failed = facts.filter((f) => f.type === 'saga.step-failed');
    // backoff 20 ms, then 40: each retry is scheduled on the clock
    expect(failed.map((f) => ('retryAt' in f ? f.retryAt : undefined))).toEqual([
      20,
      40,
      undefined,
    ]);
  });

  it('retries a step after the pivot forward and never compensates', () => {
    const pivoted = defineSaga(stepsSaga(5, { pivot: 's3' }));
    let failures = 0;
    const { facts, state } = drive((run) => !(run.index === 3 && failures++ < 6), pivoted);
    expect(ofType(facts, 'saga.step-retried')).toHaveLength(6);
    expect(ofType(facts, 'saga.compensation-started')).toEqual([]);
    expect(state?.status).toBe('completed');
  });

  it('a failure at the pivot compensates the steps before it', () => {
    const pivoted = defineSaga(stepsSaga(5, { pivot: 's3' }));
    const { facts } = drive((run) => run.work === 'compensation' || run.index !== 2, pivoted);
    expect(ofType(facts, 'saga.compensated')).toEqual(['s2', 's1']);
  });

  it('retries a failing compensation until it is applied', () => {
    let refusals = 0;
    const { facts, state } = drive(
      (run) =>
        run.index !== 3 && !(run.work === 'compensation' && run.index === 1 && refusals++ < 2),
    );
    expect(ofType(facts, 'saga.compensation-failed')).toEqual(['s2', 's2']);
    expect(ofType(facts, 'saga.compensated')).toEqual(['s3', 's2', 's1']);
    expect(state?.status).toBe('aborted');
  });

  it('a duplicated reply makes one state change', () => {
    const { started, run } = firstRun();
    const once = decide(def, started.state, { type: 'reply', ...reply(run, true) }, 5);
    const twice = decide(def, once.state, { type: 'reply', ...reply(run, true) }, 6);
    expect(once.facts.map((f) => f.type)).toEqual(['saga.step-succeeded', 'saga.step-started']);
    expect(twice).toMatchObject({ facts: [], ignored: 'its step was decided already' });
    expect(twice.state).toBe(once.state);
  });

  it('a timeout counts as a failure, and the step in doubt is compensated first', () => {
    const { started, run } = firstRun();
    const s1 = decide(def, started.state, { type: 'reply', ...reply(run, true) }, 5);
    const waiting = s1.state as SagaState;
    const timedOut = decide(
      def,
      waiting,
      { type: 'timeout', commandId: waiting.commandId ?? '' },
      200,
    );
    expect(timedOut.facts.map((f) => f.type)).toEqual([
      'saga.step-timed-out',
      'saga.compensation-started',
    ]);
    expect(timedOut.facts[0]).toMatchObject({ step: 's2', compensate: [1, 0] });
    // s2's reply comes late: the step was given up and is being undone, so it changes nothing
    const late = decide(
      def,
      timedOut.state,
      { type: 'reply', ...reply({ ...run, index: 1, commandId: waiting.commandId ?? '' }, true) },
      300,
    );
    expect(late.facts).toEqual([]);
    expect(late.ignored).toBeDefined();
  });

  it('takes a late success of an earlier try while its step is still undecided', () => {
    const two = defineSaga(stepsSaga(1, { attempts: 2 }));
    const started = startFacts(two, 'o1', { id: 'o1' });
    const s = started.state as SagaState;
    const first = s.commandId ?? '';
    const timedOut = decide(two, s, { type: 'timeout', commandId: first }, 100);
    expect(timedOut.state?.stage).toBe('backoff');
    const late: StepReply = {
      saga: 'o1',
      commandId: first,
      index: 0,
      work: 'action',
      attempt: 1,
      ok: true,
    };
    const d = decide(two, timedOut.state, { type: 'reply', ...late }, 110);
    expect(d.facts.map((f) => f.type)).toEqual(['saga.step-succeeded', 'saga.completed']);
    // the retry timer that was set for it now finds nothing to retry
    expect(decide(two, d.state, { type: 'retry-due', commandId: first }, 120).facts).toEqual([]);
  });

  it('an observer ignores a late fact it has moved past', () => {
    const data = { id: 'o1' };
    const observe = (state: SagaState | undefined, fact: SagaFact) =>
      decide(def, state, { type: 'observe', fact, data }, 0);
    const base = { saga: 'o1', attempt: 1 };
    const failed = observe(undefined, {
      type: 'saga.step-failed',
      ...base,
      step: 's3',
      index: 2,
      reason: 'no',
      compensate: [1, 0],
    });
    expect(failed.state?.status).toBe('compensating');
    // s2's success comes late, after s3 failed: taking it would send the copy forward again
    const late = observe(failed.state, {
      type: 'saga.step-succeeded',
      ...base,
      step: 's2',
      index: 1,
      result: null,
    });
    expect(late).toMatchObject({ facts: [], ignored: 'the instance is compensating already' });
  });

  it('an observer folds a fact once, however often it is published', () => {
    const started = startFacts(def, 'o1', { id: 'o1' });
    const fact: SagaFact = {
      type: 'saga.step-succeeded',
      saga: 'o1',
      step: 's1',
      index: 0,
      attempt: 1,
      result: null,
    };
    const seen = decide(def, undefined, { type: 'observe', fact, data: { id: 'o1' } }, 0);
    expect(seen.facts.map((f) => f.type)).toEqual(['saga.step-succeeded', 'saga.step-started']);
    expect(decide(def, seen.state, { type: 'observe', fact, data: {} }, 0).ignored).toBe(
      'already seen',
    );
    expect(started.facts.map((f) => f.type)).toEqual(['saga.started', 'saga.step-started']);
  });
});
