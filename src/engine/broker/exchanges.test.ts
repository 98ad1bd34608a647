import { describe, expect, it } from 'vitest';
import { BrokerError } from './errors';
import { setup } from './testing';
import type { BindingArgs, ExchangeType, Headers } from './types';

/** Declares `x` of `type`, queues q1..qn with the given bindings, and returns the broker. */
function topology(
  type: ExchangeType,
  bindings: readonly (readonly [string, string, BindingArgs?])[],
) {
  const t = setup();
  t.broker.declareExchange('x', type);
  for (const [queue, key, args] of bindings) {
    t.broker.declareQueue(queue);
    t.broker.bind(queue, 'x', key, args);
  }
  return t;
}

// [exchange type, bindings [queue, key, args?], routing key, headers, queues it reaches]
const ROUTES: readonly (readonly [
  ExchangeType,
  readonly (readonly [string, string, BindingArgs?])[],
  string,
  Headers,
  readonly string[],
])[] = [
  [
    'direct',
    [
      ['q1', 'user.created'],
      ['q2', 'user.deleted'],
    ],
    'user.created',
    {},
    ['q1'],
  ],
  [
    'direct',
    [
      ['q1', 'k'],
      ['q2', 'k'],
    ],
    'k',
    {},
    ['q1', 'q2'],
  ],
  ['direct', [['q1', 'user.*']], 'user.created', {}, []],
  [
    'direct',
    [
      ['q1', 'k'],
      ['q1', 'j'],
    ],
    'k',
    {},
    ['q1'],
  ],
  [
    'fanout',
    [
      ['q1', ''],
      ['q2', 'ignored'],
    ],
    'anything',
    {},
    ['q1', 'q2'],
  ],
  [
    'fanout',
    [
      ['q1', 'a'],
      ['q1', 'b'],
    ],
    '',
    {},
    ['q1'],
  ],
  [
    'topic',
    [
      ['q1', 'user.*'],
      ['q2', 'user.#'],
      ['q3', '*.deleted'],
    ],
    'user.created',
    {},
    ['q1', 'q2'],
  ],
  [
    'topic',
    [
      ['q1', 'user.*'],
      ['q2', 'user.#'],
    ],
    'user',
    {},
    ['q2'],
  ],
  [
    'topic',
    [
      ['q1', 'user.*'],
      ['q2', 'user.#'],
    ],
    'user.profile.updated',
    {},
    ['q2'],
  ],
  [
    'topic',
    [
      ['q1', '#'],
      ['q2', '*'],
    ],
    '',
    {},
    ['q1'],
  ],
  [
    'topic',
    [
      ['q1', 'a.#.b'],
      ['q2', '#.b.#'],
    ],
    'a.b',
    {},
    ['q1', 'q2'],
  ],
  ['topic', [['q1', 'order.*']], 'user.created', {}, []],
  [
    'headers',
    [
      ['q1', '', { format: 'pdf' }],
      ['q2', '', { 'x-match': 'any', format: 'zip', type: 'report' }],
    ],
    '',
    { format: 'pdf', type: 'report' },
    ['q1', 'q2'],
  ],
  ['headers', [['q1', '', { format: 'pdf', type: 'log' }]], 'pdf', { format: 'pdf' }, []],
  ['headers', [['q1', '', {}]], 'whatever', {}, ['q1']],
];

describe('routing through each exchange type', () => {
  it.each(ROUTES)(
    '%s exchange: %j, key %j, headers %j -> %j',
    (type, bindings, key, headers, queues) => {
      const { broker } = topology(type, bindings);
      const confirm = broker.publish('x', key, 'body', { headers });
      expect(confirm.ack).toBe(true);
      expect([...confirm.queues].sort()).toEqual(queues);
      for (const [queue] of bindings) {
        expect(broker.queueStats(queue).ready).toBe(queues.includes(queue) ? 1 : 0);
      }
      expect(confirm.reason).toBe(queues.length === 0 ? 'unroutable' : undefined);
      // matched lists exactly the bindings that matched, and explainRoute agrees with it
      const explained = broker.explainRoute('x', key, headers);
      expect(explained.bindings.filter((b) => b.matched).map((b) => b.binding)).toEqual(
        confirm.matched,
      );
      expect(explained.queues).toEqual(confirm.queues);
      expect(new Set(confirm.matched.map((b) => b.queue))).toEqual(new Set(queues));
    },
  );

  it('the default exchange routes by queue name and cannot be declared, deleted or bound', () => {
    const { broker } = setup();
    broker.declareQueue('tasks');
    expect(broker.publish('', 'tasks', 1)).toEqual({
      messageId: 'm1',
      ack: true,
      queues: ['tasks'],
      matched: [{ exchange: '', queue: 'tasks', bindingKey: 'tasks', args: undefined }],
    });
    expect(broker.publish('', 'nope', 2)).toMatchObject({ ack: true, reason: 'unroutable' });
    for (const refused of [
      () => broker.declareExchange('', 'direct'),
      () => broker.deleteExchange(''),
      () => broker.bind('tasks', '', 'k'),
    ]) {
      expect(refused).toThrow(expect.objectContaining({ code: 'access-refused' }));
    }
    expect(broker.explainRoute('', 'tasks').queues).toEqual(['tasks']);
    expect(broker.explainRoute('', 'nope')).toMatchObject({ queues: [], reason: 'unroutable' });
  });

  it('a binding with other arguments is another binding (RabbitMQ aliasing, t27)', () => {
    const { broker } = topology('topic', [['q', 'args-test', { foo: 'bar' }]]);
    broker.bind('q', 'x', 'args-test', { foo: 'baz' });
    expect(broker.bindings({ exchange: 'x' })).toHaveLength(2);
    const confirm = broker.publish('x', 'args-test', 1);
    expect(confirm.queues).toEqual(['q']);
    expect(confirm.matched).toHaveLength(2);
    expect(broker.queueStats('q').ready).toBe(1);
    expect(broker.unbind('q', 'x', 'args-test', { foo: 'bar' })).toBe(true);
    expect(broker.publish('x', 'args-test', 2).queues).toEqual(['q']);
    // argument order does not make another binding
    broker.bind('q', 'x', 'k', { a: 1, b: 2 });
    broker.bind('q', 'x', 'k', { b: 2, a: 1 });
    expect(broker.bindings({ queue: 'q' })).toHaveLength(2);
  });

  it('routes each later publish by the bindings as they are then', () => {
    const { broker } = topology('topic', [['q1', 'a.*']]);
    expect(broker.publish('x', 'a.b', 1).queues).toEqual(['q1']);
    broker.declareQueue('q2');
    broker.bind('q2', 'x', '#');
    expect(broker.publish('x', 'a.b', 2).queues).toEqual(['q1', 'q2']);
    expect(broker.unbind('q1', 'x', 'a.*')).toBe(true);
    expect(broker.unbind('q1', 'x', 'a.*')).toBe(false);
    expect(broker.publish('x', 'a.b', 3).queues).toEqual(['q2']);
    broker.deleteQueue('q2');
    expect(broker.publish('x', 'a.b', 4)).toMatchObject({ queues: [], reason: 'unroutable' });
    expect(broker.bindings()).toEqual([]);
  });
});

describe('alternate exchange', () => {
  it('takes what the exchange cannot route, and the confirm says so', () => {
    const { broker } = setup();
    broker.declareExchange('ae', 'fanout');
    broker.declareExchange('x', 'direct', { alternateExchange: 'ae' });
    broker.declareQueue('main');
    broker.declareQueue('unrouted');
    broker.bind('main', 'x', 'known');
    broker.bind('unrouted', 'ae', '');
    expect(broker.publish('x', 'known', 1)).toMatchObject({ queues: ['main'] });
    expect(broker.publish('x', 'known', 1).alternate).toBeUndefined();
    const confirm = broker.publish('x', 'unknown', 2);
    expect(confirm).toMatchObject({ ack: true, queues: ['unrouted'], alternate: 'ae' });
    expect(confirm.matched).toEqual([
      { exchange: 'ae', queue: 'unrouted', bindingKey: '', args: undefined },
    ]);
    const explained = broker.explainRoute('x', 'unknown');
    expect(explained.queues).toEqual(['unrouted']);
    expect(explained.alternate?.exchange).toBe('ae');
    expect(explained.bindings).toEqual([
      expect.objectContaining({ matched: false, detail: { kind: 'direct', equal: false } }),
    ]);
  });

  it('follows a chain, stops at a cycle, and a missing one leaves the message unroutable', () => {
    const { broker } = setup();
    broker.declareExchange('a', 'direct', { alternateExchange: 'b' });
    broker.declareExchange('b', 'direct', { alternateExchange: 'c' });
    broker.declareExchange('c', 'fanout', { alternateExchange: 'a' });
    broker.declareQueue('q');
    expect(broker.publish('a', 'k', 1)).toMatchObject({ reason: 'unroutable', queues: [] });
    expect(broker.explainRoute('a', 'k')).toMatchObject({ reason: 'unroutable', queues: [] });
    broker.bind('q', 'c', '');
    expect(broker.publish('a', 'k', 2)).toMatchObject({ queues: ['q'], alternate: 'c' });
    broker.declareExchange('lonely', 'direct', { alternateExchange: 'gone' });
    expect(broker.publish('lonely', 'k', 3)).toMatchObject({ reason: 'unroutable' });
  });
});

describe('publisher confirms', () => {
  it('nacks a publish to an exchange that does not exist', () => {
    const { broker } = setup();
    expect(broker.publish('nowhere', 'k', 1)).toEqual({
      messageId: 'm1',
      ack: false,
      queues: [],
      matched: [],
      reason: 'no-exchange',
    });
    expect(broker.explainRoute('nowhere', 'k')).toMatchObject({ reason: 'no-exchange' });
  });

  it('acks an unroutable message and keeps the given message id', () => {
    const { broker } = topology('direct', [['q', 'a']]);
    expect(broker.publish('x', 'b', 1, { messageId: 'order-7' })).toEqual({
      messageId: 'order-7',
      ack: true,
      queues: [],
      matched: [],
      reason: 'unroutable',
    });
  });

  it('nacks with queue-full when a reject-publish queue is at maxLength, while others take it', () => {
    const { broker } = topology('fanout', [['open', '']]);
    broker.declareQueue('small', { maxLength: 1, overflow: 'reject-publish' });
    broker.bind('small', 'x', '');
    expect(broker.publish('x', '', 1).ack).toBe(true);
    const refused = broker.publish('x', '', 2);
    expect(refused).toMatchObject({
      ack: false,
      reason: 'queue-full',
      queues: ['open'],
      refusedBy: ['small'],
    });
    expect(broker.queueStats('small')).toMatchObject({ ready: 1, refused: 1 });
    expect(broker.peek('small').map((m) => m.message.body)).toEqual([1]);
    expect(broker.queueStats('open').ready).toBe(2);
  });
});

describe('topology commands', () => {
  it('redeclaring with the same options is a no-op, with others is refused', () => {
    const { broker } = setup();
    broker.declareExchange('x', 'topic', { alternateExchange: 'ae' });
    broker.declareExchange('x', 'topic', { alternateExchange: 'ae' });
    expect(() => broker.declareExchange('x', 'direct')).toThrow(BrokerError);
    expect(() => broker.declareExchange('x', 'topic')).toThrow(/other options/);
    expect(broker.declareQueue('q', { maxLength: 5 })).toBe('q');
    expect(broker.declareQueue('q', { maxLength: 5 })).toBe('q');
    expect(() => broker.declareQueue('q', { maxLength: 6 })).toThrow(
      expect.objectContaining({ code: 'precondition-failed' }),
    );
    expect(() => broker.declareExchange('y', 'nonsense' as ExchangeType)).toThrow(/exchange type/);
  });

  it.each([
    [{ maxLength: -1 }],
    [{ maxLength: 1.5 }],
    [{ messageTtl: -5 }],
    [{ expires: 0 }],
    [{ deliveryLimit: 0 }],
    [{ overflow: 'drop-tail' as 'drop-head' }],
  ])('refuses queue options %j', (options) => {
    const { broker } = setup();
    expect(() => broker.declareQueue('q', options)).toThrow(
      expect.objectContaining({ code: 'precondition-failed' }),
    );
    expect(broker.listQueues()).toEqual([]);
  });

  it('names a queue declared without a name', () => {
    const { broker } = setup();
    broker.declareQueue('amq.gen-1');
    const name = broker.declareQueue('');
    expect(name).toBe('amq.gen-2');
    expect(broker.listQueues().map((q) => q.name)).toEqual(['amq.gen-1', 'amq.gen-2']);
  });

  it('refuses bindings to what does not exist and invalid x-match', () => {
    const { broker } = setup();
    broker.declareExchange('h', 'headers');
    broker.declareQueue('q');
    expect(() => broker.bind('q', 'nope', 'k')).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    expect(() => broker.bind('nope', 'h', 'k')).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    expect(() => broker.bind('q', 'h', '', { 'x-match': 'some' as 'all' })).toThrow(/x-match/);
    expect(broker.unbind('q', 'nope', 'k')).toBe(false);
  });

  it('deleting an exchange removes its bindings; lists show the default exchange first', () => {
    const { broker } = topology('direct', [['q', 'k']]);
    expect(broker.listExchanges()).toEqual([
      { name: '', type: 'direct', options: {}, bindings: 1 },
      { name: 'x', type: 'direct', options: {}, bindings: 1 },
    ]);
    expect(broker.deleteExchange('x')).toBe(true);
    expect(broker.deleteExchange('x')).toBe(false);
    expect(broker.bindings()).toEqual([]);
    expect(broker.publish('x', 'k', 1).reason).toBe('no-exchange');
    broker.declareExchange('x', 'direct');
    expect(broker.publish('x', 'k', 1).reason).toBe('unroutable');
    expect(broker.hasExchange('x')).toBe(true);
    expect(broker.hasExchange('')).toBe(true);
    expect(broker.hasQueue('q')).toBe(true);
  });

  it('queueStats of a queue that does not exist throws not-found', () => {
    const { broker } = setup();
    expect(() => broker.queueStats('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(broker.peek('nope')).toEqual([]);
    expect(broker.unacked('nope')).toEqual([]);
  });
});

describe('explainRoute', () => {
  it('says which word each topic binding word took, and why others failed', () => {
    const { broker } = topology('topic', [
      ['q1', 'user.#'],
      ['q2', '*.deleted'],
    ]);
    const explained = broker.explainRoute('x', 'user.profile.updated');
    expect(explained).toEqual({
      exchange: 'x',
      type: 'topic',
      routingKey: 'user.profile.updated',
      queues: ['q1'],
      bindings: [
        {
          binding: { exchange: 'x', queue: 'q1', bindingKey: 'user.#', args: undefined },
          matched: true,
          detail: {
            kind: 'topic',
            steps: [
              { pattern: 'user', words: ['user'] },
              { pattern: '#', words: ['profile', 'updated'] },
            ],
          },
        },
        {
          binding: { exchange: 'x', queue: 'q2', bindingKey: '*.deleted', args: undefined },
          matched: false,
          detail: { kind: 'topic', steps: undefined },
        },
      ],
    });
  });

  it('lists the header checks of a headers binding', () => {
    const { broker } = topology('headers', [
      ['q', '', { 'x-match': 'all', format: 'pdf', urgent: null }],
    ]);
    const [only] = broker.explainRoute('x', '', { format: 'pdf' }).bindings;
    expect(only?.matched).toBe(false);
    expect(only?.detail).toEqual({
      kind: 'headers',
      xMatch: 'all',
      matched: false,
      checks: [
        { header: 'format', expected: 'pdf', present: true, actual: 'pdf', ok: true },
        { header: 'urgent', expected: undefined, present: false, actual: undefined, ok: false },
      ],
    });
  });
});
