import { describe, expect, it } from 'vitest';
import { rabbitmqLab } from '../../labs/rabbitmq';
import type { Scenario } from '../scenario';
import { runWithWorkers } from '../sim/testing';
import { kafkaScenario } from '../sim/topicTesting';
import type { TraceEvent } from '../trace';
import { startFaultScript } from './runner';
import type { FaultScript } from './schema';

const SCRIPT: FaultScript = [
  { at: 0, action: 'set-rate', producer: 'producer', rate: 20 },
  {
    at: 2000,
    action: 'fail-consumer',
    consumer: 'analytics_worker',
    failureRate: 0.3,
    until: 9000,
  },
  { at: 3000, action: 'burst', producer: 'producer', count: 40 },
  { at: 5000, action: 'kill-worker', consumer: 'email_worker', worker: 2 },
  { at: 6000, action: 'partition', consumer: 'analytics_worker', until: 11_000, noticeMs: 2000 },
  { at: 12_000, action: 'set-rate', producer: 'producer', rate: 0 },
];

/** A scenario under a script for `ms` of simulated time (20 s by default): its whole trace. */
async function traceOf(
  scenario: Scenario,
  script: FaultScript,
  ms = 20_000,
): Promise<TraceEvent[]> {
  const { sim, events, flow } = runWithWorkers(scenario, { startMs: 1_700_000_000_000 });
  const started = startFaultScript(sim, script);
  if (!started.ok) throw new Error(JSON.stringify(started.problems));
  await flow(ms);
  sim.dispose();
  return events;
}

describe('a run under a fault script', () => {
  it('same scenario, same seed, same script: the same trace, seq and at and all', async () => {
    const first = await traceOf(rabbitmqLab, SCRIPT);
    const second = await traceOf(rabbitmqLab, SCRIPT);
    // the script did what it says, so the comparison is of a run with faults in it
    const types = new Set(first.map((e) => e.type));
    for (const type of [
      'fault.applied',
      'fault.partition-noticed',
      'pool.worker-failed',
      'broker.requeued',
      'broker.nacked',
    ] as const) {
      expect(types).toContain(type);
    }
    expect(first.filter((e) => e.type === 'fault.refused')).toEqual([]);
    expect(first.length).toBeGreaterThan(2000);
    expect(second).toEqual(first);
  });

  it('another seed: another run (the flaky handler draws from the seeded RNG)', async () => {
    const other = { ...rabbitmqLab, settings: { ...rabbitmqLab.settings, seed: 7 } };
    const [a, b] = [await traceOf(rabbitmqLab, SCRIPT), await traceOf(other, SCRIPT)];
    expect(b).not.toEqual(a);
  });
});

/** The Kafka sketch under this script for 12 s. */
const KAFKA_SCRIPT: FaultScript = [
  { at: 0, action: 'set-rate', producer: 'app', rate: 12 },
  { at: 2000, action: 'kill-member', group: 'fast', member: 2 },
  { at: 3000, action: 'burst', producer: 'app', count: 30 },
  { at: 5000, action: 'add-member', group: 'slow' },
  { at: 7000, action: 'kill-member', group: 'slow' },
  { at: 9000, action: 'kill-member', group: 'slow', member: 9 },
];

describe('topics and groups under a fault script', () => {
  it('same scenario, seed and script: the same trace, appends, polls, commits and rebalances', async () => {
    const scenario = kafkaScenario({ fast: { members: 2 }, slow: { delivery: 'at-most-once' } });
    const first = await traceOf(scenario, KAFKA_SCRIPT, 12_000);
    const second = await traceOf(scenario, KAFKA_SCRIPT, 12_000);
    const types = new Set(first.map((e) => e.type));
    for (const type of [
      'log.produced',
      'log.polled',
      'log.committed',
      'log.rebalanced',
      'fault.applied',
      'fault.refused',
    ] as const) {
      expect(types).toContain(type);
    }
    // the last kill names a member that never was: refused, with the live ones named
    const refused = first.filter((e) => e.type === 'fault.refused');
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0])).toContain('no live member slow-9');
    expect(first.length).toBeGreaterThan(500);
    expect(second).toEqual(first);
  });

  it('another seed: other keys, so another trace', async () => {
    const a = await traceOf(kafkaScenario(), KAFKA_SCRIPT, 12_000);
    const b = await traceOf(kafkaScenario({ seed: 7 }), KAFKA_SCRIPT, 12_000);
    expect(b).not.toEqual(a);
  });
});
