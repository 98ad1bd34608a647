import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/trace';
import { describeTrace } from './format';

const of = { seq: 1, at: 0, log: 'playground', topic: 'orders' } as const;

describe('the activity list says what the log did', () => {
  it('appends, reads, commits and rebalances, one line each', () => {
    const lines = (
      [
        {
          ...of,
          type: 'log.produced',
          partition: 2,
          baseOffset: 7,
          lastOffset: 7,
          event: 'order.created',
          key: 'ann',
        },
        {
          ...of,
          type: 'log.polled',
          group: 'billing',
          consumer: 'billing-1',
          partition: 2,
          fromOffset: 5,
          count: 3,
        },
        {
          ...of,
          type: 'log.committed',
          group: 'billing',
          consumer: 'billing-1',
          partition: 2,
          offset: 8,
        },
        {
          ...of,
          type: 'log.rebalanced',
          group: 'billing',
          generation: 3,
          assignment: { 'billing-1': [0, 1], 'billing-2': [2] },
        },
        { ...of, type: 'log.rebalanced', group: 'billing', generation: 4, assignment: {} },
        {
          seq: 2,
          at: 0,
          type: 'group.handled',
          group: 'billing',
          member: 'billing-1',
          topic: 'orders',
          count: 2,
          latencyMs: [1249.6, 700],
        },
      ] as TraceEvent[]
    ).map(describeTrace);
    expect(lines).toEqual([
      'order.created appended to orders-2 @7 (key ann)',
      'billing-1 read 3 of orders-2 from @5',
      'billing-1 committed orders-2 @8 for billing',
      'billing rebalanced (generation 3): billing-1 [0, 1], billing-2 [2]',
      'billing rebalanced (generation 4): no members',
      'billing-1 handled 2 of orders (the oldest 1250 ms after it was sent)',
    ]);
  });
});
