import { describe, expect, it } from 'vitest';
import { exportScenarioText, importScenarioText } from '../engine/scenario';
import { runWithWorkers } from '../engine/sim/testing';
import { findLab } from './catalog';
import { kafkaSketch } from './kafka';

describe('the Kafka lab as a playground sketch', () => {
  it('is what the lab opens in the playground, and round-trips through a file', () => {
    expect(findLab('kafka')?.sketch).toBe(kafkaSketch);
    const text = exportScenarioText(kafkaSketch);
    if (!text.ok) throw new Error(text.error.message);
    const back = importScenarioText(text.value);
    expect(back.ok && back.value.scenario).toEqual(kafkaSketch);
  });

  it('runs as the lab does: analytics keeps up, billing falls behind, shipping shares', async () => {
    const { sim, flow } = runWithWorkers(kafkaSketch);
    sim.setRate('shop', 5);
    await flow(12_000);
    const { groups } = sim.getSnapshot();
    expect(groups.analytics?.lag).toBeLessThan(5);
    expect(groups.billing?.lag).toBeGreaterThan(15);
    expect(groups.shipping?.members.map((m) => m.partitions)).toEqual([[0, 1], [2]]);
    sim.dispose();
  });
});
