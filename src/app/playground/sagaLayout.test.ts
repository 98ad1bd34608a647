import { describe, expect, it } from 'vitest';
import { sagaScenario } from '../../engine/sim/sagaTesting';
import { layeredPositions } from './document';

describe('laying out a saga', () => {
  it('puts the saga after its producer and its services in one column, top to bottom in step order', () => {
    const s = sagaScenario();
    const at = layeredPositions(s);
    const p = (id: string) => at.get(id) ?? { x: Number.NaN, y: Number.NaN };
    expect(p('saga1').x).toBeGreaterThan(p('producer1').x);
    expect(p('inventory').x).toBeGreaterThan(p('saga1').x);
    expect(new Set(['inventory', 'payment', 'shipping'].map((id) => p(id).x)).size).toBe(1);
    expect(p('inventory').y).toBeLessThan(p('payment').y);
    expect(p('payment').y).toBeLessThan(p('shipping').y);
    // the other order of the steps, the other order down the column
    const saga = s.nodes.find((n) => n.kind === 'saga');
    if (saga?.kind !== 'saga') throw new Error('no saga');
    const reversed = {
      ...s,
      nodes: s.nodes.map((n) => (n === saga ? { ...saga, steps: [...saga.steps].reverse() } : n)),
    };
    const again = layeredPositions(reversed);
    expect(again.get('shipping')?.y).toBeLessThan(again.get('inventory')?.y ?? 0);
  });
});
