import { describe, expect, it } from 'vitest';
import { addNode, emptyScenario } from '../../engine/scenario/edit';
import { accepted } from '../../engine/scenario/testing';
import { renewFlowNodes, toFlowNodes } from './toFlow';

describe('renewFlowNodes', () => {
  it('an edit keeps each node what React Flow measured of it, and marks the selected one', () => {
    const one = accepted(addNode(emptyScenario(), 'producer', { x: 0, y: 0 }));
    const two = accepted(addNode(one, 'queue', { x: 250, y: 0 }));
    const [producer] = toFlowNodes(one);
    if (producer === undefined) throw new Error('no producer');
    // on the canvas: measured by React Flow
    const current = [{ ...producer, measured: { width: 180, height: 96 } }];
    const renewed = renewFlowNodes(toFlowNodes(two), current, 'queue1');
    expect(renewed.map((n) => [n.id, n.measured, n.selected])).toEqual([
      ['producer1', { width: 180, height: 96 }, false],
      ['queue1', undefined, true],
    ]);
    // the new node comes without the key, for React Flow to measure
    expect('measured' in (renewed[1] ?? {})).toBe(false);
  });
});
