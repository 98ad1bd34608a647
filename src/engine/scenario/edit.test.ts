import { describe, expect, it } from 'vitest';
import { rabbitmqLab } from '../../labs/rabbitmq';
import {
  addNode,
  CONNECTS,
  connect,
  emptyScenario,
  removeElements,
  updateBinding,
  updateNode,
} from './edit';
import { parseScenario } from './parse';
import type { Scenario } from './schema';
import { accepted } from './testing';

const at = { x: 0, y: 0 };

/** The flow the playground e2e builds: producer -> topic exchange -> two queues -> two consumers. */
function buildFlow(): Scenario {
  let s = emptyScenario();
  for (const kind of ['producer', 'exchange', 'queue', 'queue'] as const)
    s = accepted(addNode(s, kind, at));
  s = accepted(addNode(s, 'consumer', at));
  s = accepted(addNode(s, 'consumer', at));
  s = accepted(connect(s, 'producer1', 'exchange1'));
  s = accepted(connect(s, 'exchange1', 'queue1'));
  s = accepted(connect(s, 'exchange1', 'queue2'));
  s = accepted(connect(s, 'queue1', 'consumer1'));
  s = accepted(connect(s, 'queue2', 'consumer2'));
  return s;
}

describe('scenario edits', () => {
  it('starts empty and builds producer -> topic exchange -> two queues -> two consumers', () => {
    expect(parseScenario(emptyScenario()).ok).toBe(true);
    const s = buildFlow();
    expect(s.edges).toEqual([{ id: 'edge1', source: 'producer1', target: 'exchange1' }]);
    expect(s.bindings.map((b) => [b.exchange, b.queue, b.key])).toEqual([
      ['exchange1', 'queue1', '#'],
      ['exchange1', 'queue2', '#'],
    ]);
    expect(
      s.nodes.filter((n) => n.kind === 'consumer').map((n) => n.kind === 'consumer' && n.queue),
    ).toEqual(['queue1', 'queue2']);
    expect(parseScenario(s).ok).toBe(true);
  });

  it('names the new node so the page can select it', () => {
    const result = addNode(emptyScenario(), 'exchange', at);
    expect(result.ok && result.created).toBe('exchange1');
  });

  it('refuses a consumer before there is a queue, with the reason', () => {
    expect(addNode(emptyScenario(), 'consumer', at)).toEqual({
      ok: false,
      reason: 'A consumer reads a queue: add a queue first',
    });
  });

  it.each([
    [
      'producer1',
      'queue1',
      `A producer connects to ${CONNECTS.producer.join(' or ')}, not to a queue`,
    ],
    ['consumer1', 'queue1', 'A consumer is where messages end: it connects to nothing'],
    ['queue1', 'queue1', 'A node cannot connect to itself'],
    ['exchange1', 'queue1', 'queue1 is already bound to exchange1'],
    ['producer1', 'exchange1', 'producer1 already sends somewhere: remove that edge first'],
  ])('refuses to connect %s to %s', (from, to, reason) => {
    expect(connect(buildFlow(), from, to)).toEqual({ ok: false, reason });
  });

  it('connects a queue to the consumer already reading it as a no-op', () => {
    const s = buildFlow();
    expect(connect(s, 'queue1', 'consumer1')).toEqual({ ok: true, scenario: s });
  });

  it('moves a consumer to another queue, and makes a queue dead-letter to an exchange', () => {
    let s = accepted(connect(buildFlow(), 'queue2', 'consumer1'));
    expect(s.nodes.find((n) => n.id === 'consumer1')).toMatchObject({ queue: 'queue2' });
    s = accepted(connect(s, 'queue1', 'exchange1'));
    expect(s.nodes.find((n) => n.id === 'queue1')).toMatchObject({
      deadLetterExchange: 'exchange1',
    });
  });

  it('removes what cannot stand without a removed node', () => {
    let s = accepted(connect(buildFlow(), 'queue2', 'exchange1'));
    s = accepted(removeElements(s, ['queue1']));
    expect(s.nodes.map((n) => n.id)).toEqual(['producer1', 'exchange1', 'queue2', 'consumer2']);
    expect(s.bindings.map((b) => b.queue)).toEqual(['queue2']);
    s = accepted(removeElements(s, ['exchange1']));
    expect(s.edges).toEqual([]);
    expect(s.bindings).toEqual([]);
    expect(s.nodes.find((n) => n.id === 'queue2')).not.toHaveProperty('deadLetterExchange');
  });

  it('refuses a bad setting naming the field, and leaves the scenario as it was', () => {
    const s = buildFlow();
    expect(updateNode(s, 'queue1', { maxLength: -1 })).toMatchObject({
      ok: false,
      field: 'maxLength',
    });
    expect(updateNode(s, 'consumer1', { workers: 99 })).toMatchObject({
      ok: false,
      field: 'workers',
      reason: expect.stringMatching(/8/),
    });
    expect(updateNode(s, 'queue1', { id: 'x' })).toMatchObject({ ok: false });
    const next = accepted(updateNode(s, 'queue1', { maxLength: 10, overflow: 'reject-publish' }));
    expect(next.nodes.find((n) => n.id === 'queue1')).toMatchObject({ maxLength: 10 });
    const cleared = accepted(updateNode(next, 'queue1', { maxLength: undefined }));
    expect(cleared.nodes.find((n) => n.id === 'queue1')).not.toHaveProperty('maxLength');
    expect(accepted(updateBinding(s, 'bind1', { key: 'user.*' })).bindings[0]?.key).toBe('user.*');
  });

  it('edits a lab as well as an empty page', () => {
    const s = accepted(addNode(rabbitmqLab, 'queue', at));
    expect(parseScenario(accepted(connect(s, 'user_events', 'queue1'))).ok).toBe(true);
  });
});
