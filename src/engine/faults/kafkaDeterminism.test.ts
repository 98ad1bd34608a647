import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario';
import { runWithWorkers } from '../sim/testing';
import { kafkaScenario } from '../sim/topicTesting';
import type { TraceEvent } from '../trace';
import { startFaultScript } from './runner';
import type { FaultScript } from './schema';

const SCRIPT: FaultScript = [
  { at: 0, action: 'set-rate', producer: 'app', rate: 12 },
  { at: 2000, action: 'kill-member', group: 'fast', member: 2 },
  { at: 3000, action: 'burst', producer: 'app', count: 30 },
  { at: 5000, action: 'add-member', group: 'slow' },
  { at: 7000, action: 'kill-member', group: 'slow' },
  { at: 9000, action: 'kill-member', group: 'slow', member: 9 },
];

/** The Kafka sketch under the script for 12 s of simulated time: its whole trace. */
async function traceOf(scenario: Scenario): Promise<TraceEvent[]> {
  const { sim, events, flow } = runWithWorkers(scenario, { startMs: 1_700_000_000_000 });
  const started = startFaultScript(sim, SCRIPT);
  if (!started.ok) throw new Error(JSON.stringify(started.problems));
  await flow(12_000);
  sim.dispose();
  return events;
}

describe('topics and groups under a fault script', () => {
  it('same scenario, seed and script: the same trace, appends, polls, commits and rebalances', async () => {
    const scenario = kafkaScenario({ fast: { members: 2 }, slow: { delivery: 'at-most-once' } });
    const first = await traceOf(scenario);
    const second = await traceOf(scenario);
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
    const a = await traceOf(kafkaScenario());
    const b = await traceOf(kafkaScenario({ seed: 7 }));
    expect(b).not.toEqual(a);
  });
});
