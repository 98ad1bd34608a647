import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { checkFaultScript } from './check';
import { parseFaultScript } from './parse';
import { describeProblem } from './problems';
import type { FaultScript } from './schema';

function problems(input: unknown) {
  const result = parseFaultScript(input);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parsing a fault script', () => {
  it('takes every kind of action', () => {
    const script = [
      { at: 5000, action: 'kill-worker', consumer: 'c1', worker: 2 },
      { at: 5000, action: 'kill-worker', consumer: 'c1' },
      { at: 10_000, action: 'fail-listener', listener: 'payment', until: 20_000 },
      {
        at: 1,
        action: 'set-handler',
        consumer: 'c1',
        handler: { kind: 'flaky', failureRate: 0.5 },
      },
      { at: 1, action: 'fail-consumer', consumer: 'c1', until: 2 },
      { at: 8000, action: 'partition', consumer: 'c2', until: 15_000, noticeMs: 3000 },
      { at: 0, action: 'burst', producer: 'p', count: 50 },
      { at: 0, action: 'set-rate', producer: 'p', rate: 12.5 },
      { at: 9, action: 'fail-saga-step', service: 'payment', command: 'charge', until: 99 },
      {
        at: 9,
        action: 'fail-saga-step',
        service: 'shipping',
        command: 'create-delivery',
        fault: { mode: 'fail-times', times: 2, reason: 'courier down' },
      },
    ];
    expect(parseFaultScript(script)).toEqual({ ok: true, script });
  });

  it('names the line and the field of every problem', () => {
    expect(
      problems([
        { at: 0, action: 'burst', producer: 'p', count: 5 },
        { at: 5000, action: 'kill-worker', consumer: 'c1', worker: 0 },
        { at: -1, action: 'burst', producer: 'p', count: 1 },
        { at: 10, action: 'partition', consumer: 'c', until: 10 },
        { at: 1, action: 'set-handler', consumer: 'c', handler: { kind: 'flaky', failureRate: 2 } },
        { at: 1, action: 'set-rate', producer: 'p', rate: 1, speed: 2 },
        { at: 1, action: 'explode', consumer: 'c' },
        { at: 1.5, action: 'burst', producer: '', count: 1 },
      ]),
    ).toEqual([
      { line: 1, field: 'worker', message: 'must be 1 or more' },
      { line: 2, field: 'at', message: 'must be 0 or more' },
      { line: 3, field: 'until', message: 'must be after at (10)' },
      { line: 4, field: 'handler.failureRate', message: expect.stringContaining('1') },
      { line: 5, field: 'speed', message: 'Unrecognized key: "speed"' },
      { line: 6, field: 'action', message: expect.stringContaining("'kill-worker'") },
      { line: 7, field: 'at', message: 'must be a whole number of milliseconds' },
      { line: 7, field: 'producer', message: 'must name a node' },
    ]);
  });

  it('refuses what is not a list, or too long a list', () => {
    expect(problems({ at: 0 })).toEqual([
      { line: undefined, field: '', message: expect.stringContaining('expected array') },
    ]);
    const long = Array.from({ length: 501 }, () => ({
      at: 0,
      action: 'burst',
      producer: 'p',
      count: 1,
    }));
    expect(problems(long)).toEqual([
      { line: undefined, field: '', message: 'at most 500 actions' },
    ]);
  });

  it('describes a problem for one line of text', () => {
    expect(describeProblem({ line: 2, field: 'worker', message: 'must be 1 or more' })).toBe(
      'line 3, worker: must be 1 or more',
    );
    expect(describeProblem({ line: undefined, field: '', message: 'at most 500 actions' })).toBe(
      'at most 500 actions',
    );
  });
});

describe('checking a script against a scenario', () => {
  it('refuses an action aimed at a node that is not there, or not of its kind, with the reason', () => {
    const script: FaultScript = [
      { at: 0, action: 'kill-worker', consumer: 'email_worker', worker: 2 },
      { at: 0, action: 'kill-worker', consumer: 'c9', worker: 2 },
      { at: 0, action: 'partition', consumer: 'email_queue' },
      { at: 0, action: 'fail-listener', listener: 'payment' },
      { at: 0, action: 'burst', producer: 'nobody', count: 1 },
      { at: 0, action: 'set-rate', producer: 'producer', rate: 5 },
    ];
    expect(checkFaultScript(script, rabbitmqLab)).toEqual([
      {
        line: 1,
        field: 'consumer',
        message: 'no consumer "c9" in this scenario (consumers: email_worker, analytics_worker)',
      },
      { line: 2, field: 'consumer', message: '"email_queue" is a queue, not a consumer' },
      {
        line: 3,
        field: 'listener',
        message: 'no listener "payment" in this scenario (it has no listeners)',
      },
      {
        line: 4,
        field: 'producer',
        message: 'no producer "nobody" in this scenario (producers: producer)',
      },
    ]);
  });

  it('knows a producer that cannot send load', () => {
    const quiet = {
      ...eventBusLab,
      edges: eventBusLab.edges.filter((e) => e.source !== 'app'),
    };
    expect(
      checkFaultScript([{ at: 0, action: 'burst', producer: 'app', count: 1 }], quiet),
    ).toEqual([
      {
        line: 0,
        field: 'producer',
        message: 'producer "app" is not connected to a bus, an exchange, a topic or a saga',
      },
    ]);
  });
});
