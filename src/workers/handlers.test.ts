import { describe, expect, it } from 'vitest';
import { createHandler, type HandlerContext, HandlerError, validateHandler } from './handlers';
import { wireDelivery } from './testing/harness';
import type { HandlerResult, HandlerSpec, WireDelivery } from './types';

const context: HandlerContext = { workerId: 'w1', seed: 7, sleep: () => Promise.resolve() };

const delivery = (body: unknown, extra: Partial<WireDelivery> = {}) => wireDelivery(1, body, extra);

async function run(spec: HandlerSpec, message: WireDelivery): Promise<HandlerResult> {
  return createHandler(spec, context)(message);
}

describe('email and sms', () => {
  it('email records the mail it sent, to the address in the body', async () => {
    const result = await run({ kind: 'email' }, delivery({ email: 'ann@example.com', id: 1 }));
    expect(result.effect).toEqual({
      kind: 'email',
      to: 'ann@example.com',
      subject: 'order.created',
      text: '{"email":"ann@example.com","id":1}',
    });
    expect(result.output).toBe('email to ann@example.com: order.created');
  });

  it('email falls back to a default address and shortens a long body', async () => {
    const result = await run({ kind: 'email' }, delivery('x'.repeat(500)));
    expect(result.effect).toMatchObject({ kind: 'email', to: 'customer@example.com' });
    expect(result.effect?.kind === 'email' && result.effect.text.length).toBe(200);
  });

  it('sms goes to the phone in the body and fits in 160 characters', async () => {
    const result = await run(
      { kind: 'sms' },
      delivery({ phone: '+380501234567', note: 'y'.repeat(300) }),
    );
    expect(result.effect).toMatchObject({ kind: 'sms', to: '+380501234567' });
    expect(result.effect?.kind === 'sms' && result.effect.text.length).toBe(160);
  });
});

describe('analytics', () => {
  it('counts by type (else routing key) and sums amount as revenue', async () => {
    const handle = createHandler({ kind: 'analytics' }, context);
    await handle(delivery({ type: 'order.created' }));
    await handle(delivery({ amount: 1500 }, { routingKey: 'order.paid' }));
    await handle(delivery({ amount: 'much' }, { routingKey: 'order.paid' }));
    const last = await handle(delivery({ amount: 500 }, { routingKey: 'order.paid' }));
    expect(last.effect).toEqual({
      kind: 'analytics',
      key: 'order.paid',
      amount: 500,
      counts: { 'order.created': 1, 'order.paid': 3 },
      revenue: 2000,
    });
  });

  it('two handlers keep separate totals', async () => {
    const a = createHandler({ kind: 'analytics' }, context);
    const b = createHandler({ kind: 'analytics' }, context);
    await a(delivery({ amount: 10 }));
    const fromB = await b(delivery({ amount: 1 }));
    expect(fromB.effect).toMatchObject({ revenue: 1, counts: { 'order.created': 1 } });
  });
});

describe('slow', () => {
  it('sleeps the set time per message', async () => {
    const slept: number[] = [];
    const handle = createHandler(
      { kind: 'slow', ms: 250 },
      { ...context, sleep: async (ms) => void slept.push(ms) },
    );
    await handle(delivery({}));
    await handle(delivery({}));
    expect(slept).toEqual([250, 250]);
  });

  it('refuses a negative or missing time', () => {
    expect(validateHandler({ kind: 'slow', ms: -1 })).toMatch(/ms must be/);
    expect(validateHandler({ kind: 'slow', ms: Number.NaN })).toMatch(/ms must be/);
  });
});

describe('flaky', () => {
  /** Which of 200 messages fail, for a seed. */
  function failures(seed: number, failureRate: number): string[] {
    const handle = createHandler({ kind: 'flaky', failureRate }, { ...context, seed });
    const failed: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        handle(delivery({}, { messageId: `m${i}` }));
      } catch (error) {
        expect(error).toBeInstanceOf(HandlerError);
        failed.push(`m${i}`);
      }
    }
    return failed;
  }

  it('with a fixed seed fails the same messages every run', () => {
    expect(failures(42, 0.3)).toEqual(failures(42, 0.3));
    expect(failures(42, 0.3)).not.toEqual(failures(43, 0.3));
  });

  it('fails at about the set rate, never at 0 and always at 1', () => {
    expect(failures(42, 0.3).length).toBeGreaterThan(40);
    expect(failures(42, 0.3).length).toBeLessThan(80);
    expect(failures(42, 0)).toEqual([]);
    expect(failures(42, 1)).toHaveLength(200);
  });

  it('a redelivery draws afresh', () => {
    const handle = createHandler({ kind: 'flaky', failureRate: 0.5 }, context);
    const outcome = (deliveryCount: number) => {
      try {
        handle(delivery({}, { deliveryCount }));
        return 'ok';
      } catch {
        return 'fail';
      }
    };
    const outcomes = new Set(Array.from({ length: 20 }, (_, i) => outcome(i + 1)));
    expect(outcomes).toEqual(new Set(['ok', 'fail']));
  });

  it('refuses a rate outside 0..1', () => {
    expect(validateHandler({ kind: 'flaky', failureRate: 1.5 })).toMatch(/within 0..1/);
  });
});

describe('poison', () => {
  it('fails on a body field equal to the value (dotted paths too) and passes the rest', async () => {
    const spec: HandlerSpec = { kind: 'poison', when: { field: 'order.id', equals: 13 } };
    await expect(run(spec, delivery({ order: { id: 13 } }))).rejects.toThrow(
      'poison message (order.id = 13)',
    );
    await expect(run(spec, delivery({ order: { id: 12 } }))).resolves.toEqual({ output: 'ok' });
    await expect(run(spec, delivery({ order: { id: '13' } }))).resolves.toEqual({ output: 'ok' });
    await expect(run(spec, delivery('not an object'))).resolves.toEqual({ output: 'ok' });
  });

  it('fails on a routing key, or a topic pattern of routing keys', async () => {
    const spec: HandlerSpec = { kind: 'poison', when: { routingKey: 'order.refund' } };
    await expect(run(spec, delivery({}, { routingKey: 'order.refund' }))).rejects.toThrow(
      HandlerError,
    );
    await expect(run(spec, delivery({}))).resolves.toEqual({ output: 'ok' });
    const pattern: HandlerSpec = { kind: 'poison', when: { routingKey: 'order.#' } };
    await expect(run(pattern, delivery({}, { routingKey: 'order.a.b' }))).rejects.toThrow(
      'poison message (routing key order.#)',
    );
    await expect(run(pattern, delivery({}, { routingKey: 'user.a' }))).resolves.toEqual({
      output: 'ok',
    });
  });

  it('does not read inherited properties', async () => {
    const spec: HandlerSpec = { kind: 'poison', when: { field: 'constructor', equals: null } };
    await expect(run(spec, delivery({}))).resolves.toEqual({ output: 'ok' });
  });
});

describe('custom', () => {
  it('runs the person function body with the message; a returned value is the output', async () => {
    const spec: HandlerSpec = {
      kind: 'custom',
      source: "return message.routingKey + ' #' + message.body.id + ' by ' + context.workerId;",
    };
    await expect(run(spec, delivery({ id: 5 }))).resolves.toEqual({
      output: 'order.created #5 by w1',
    });
    await expect(
      run({ kind: 'custom', source: 'return { a: 1 };' }, delivery({})),
    ).resolves.toEqual({ output: '{"a":1}' });
    await expect(run({ kind: 'custom', source: '' }, delivery({}))).resolves.toEqual({});
    // numbers and booleans read as JSON writes them
    for (const [value, output] of [
      ['1.5', '1.5'],
      ['-0', '0'],
      ['1e21', '1e+21'],
      ['NaN', 'null'],
      ['false', 'false'],
    ]) {
      await expect(
        run({ kind: 'custom', source: `return ${value};` }, delivery({})),
      ).resolves.toEqual({ output });
    }
  });

  it('may await context.sleep', async () => {
    const slept: number[] = [];
    const handle = createHandler(
      { kind: 'custom', source: 'await context.sleep(40); return "done";' },
      { ...context, sleep: async (ms) => void slept.push(ms) },
    );
    await expect(handle(delivery({}))).resolves.toEqual({ output: 'done' });
    expect(slept).toEqual([40]);
  });

  it('a throw is the handler failing', async () => {
    const spec: HandlerSpec = { kind: 'custom', source: 'throw new Error("no stock");' };
    await expect(run(spec, delivery({}))).rejects.toThrow('no stock');
  });

  it('a syntax error is reported clearly, before any message', () => {
    const spec: HandlerSpec = { kind: 'custom', source: 'return message.body.;' };
    expect(validateHandler(spec)).toMatch(/^custom handler does not compile: SyntaxError: /);
    expect(() => createHandler(spec, context)).toThrow(/does not compile/);
    expect(validateHandler({ kind: 'custom', source: 'return 1;' })).toBeUndefined();
  });
});

describe('log', () => {
  it('writes one line with the routing key and the body', async () => {
    const result = await run({ kind: 'log' }, delivery({ id: 7 }, { routingKey: 'order.created' }));
    expect(result).toEqual({
      output: 'log: order.created {"id":7}',
      effect: { kind: 'log', line: 'order.created {"id":7}' },
    });
  });
});

describe('listeners (the course worker: each listener in try/catch)', () => {
  const spec: HandlerSpec = {
    kind: 'listeners',
    listeners: [
      { name: 'email_sender', handler: { kind: 'email' } },
      { name: 'broken', handler: { kind: 'poison', when: { routingKey: '#' } } },
      { name: 'logger', handler: { kind: 'log' } },
    ],
  };

  it('a failing listener is reported and the ones after it still run; the message is handled', async () => {
    const result = await run(spec, delivery({ email: 'a@b.c' }, { routingKey: 'user.registered' }));
    expect(result.effect).toEqual({
      kind: 'listeners',
      results: [
        { name: 'email_sender', ok: true, text: 'email to a@b.c: user.registered' },
        { name: 'broken', ok: false, text: 'poison message (routing key #)' },
        { name: 'logger', ok: true, text: 'log: user.registered {"email":"a@b.c"}' },
      ],
    });
    expect(result.output).toBe(
      'email_sender ✓ · broken ✗ poison message (routing key #) · logger ✓',
    );
  });

  it.each([
    [{ kind: 'listeners', listeners: [] } as HandlerSpec, 'listeners: the list is empty'],
    [
      {
        kind: 'listeners',
        listeners: [{ name: 'bad', handler: { kind: 'custom', source: 'return (' } }],
      } as HandlerSpec,
      'custom handler does not compile',
    ],
  ])('refuses %j', (bad, message) => {
    expect(validateHandler(bad)).toContain(message);
  });
});

describe('custom: synchronous unless it awaits', () => {
  it('a body without await runs synchronously (the runtime fast path)', () => {
    const handler = createHandler(
      { kind: 'custom', source: 'return message.routingKey;' },
      context,
    );
    const result = handler(delivery({}, { routingKey: 'a.b' }));
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ output: 'a.b' });
  });

  it('a body with await is asynchronous and may sleep', async () => {
    const handler = createHandler(
      { kind: 'custom', source: 'await context.sleep(1); return 2;' },
      context,
    );
    const result = handler(delivery({}));
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual({ output: '2' });
  });
});

describe('saga-service: a saga service decides in its worker', () => {
  const command = {
    type: 'run',
    saga: 'o1',
    commandId: 'o1/1/action/1',
    key: 'o1/charge',
    index: 1,
    step: 'charge',
    service: 'payment',
    work: 'action',
    name: 'charge',
    attempt: 1,
    data: { orderId: 'o1', sku: 'apple', qty: 1, amount: 700 },
  };
  const view = {
    state: { charged: {}, refunded: {} },
    version: 3,
    actionApplied: false,
    undoneFirst: false,
    failedBefore: 0,
  };
  const spec: HandlerSpec = { kind: 'saga-service', model: { name: 'payment', declineOver: 500 } };
  const body = (extra: object = {}) => ({
    kind: 'command',
    command,
    replyTo: 'saga-replies',
    view: { ...view, ...extra },
  });

  it("decides on the view that came with the command: the model's answer, nothing changed", async () => {
    const result = await run(spec, delivery(body()));
    expect(result.output).toBe('o1 charge: card declined: 700 is over 500');
    expect(result.effect).toEqual({
      kind: 'saga-service',
      decision: {
        kind: 'outcome',
        delayMs: 0,
        entry: {
          kind: 'outcome',
          key: 'o1/charge',
          work: 'action',
          name: 'charge',
          data: command.data,
          ok: false,
          reason: 'card declined: 700 is over 500',
        },
      },
    });
  });

  it('answers a command seen before from its record, and refuses an action undone first', async () => {
    const known = await run(spec, delivery(body({ known: { ok: true, result: { amount: 1 } } })));
    expect(known.effect).toMatchObject({ decision: { kind: 'known' } });
    const tombstone = await run(spec, delivery(body({ undoneFirst: true })));
    expect(tombstone.effect).toMatchObject({
      decision: { kind: 'outcome', entry: { ok: false, reason: 'cancelled before it ran' } },
    });
    const fault = await run(spec, delivery(body({ fault: { mode: 'fail' } })));
    expect(fault.effect).toMatchObject({ decision: { kind: 'transient' } });
  });

  it('refuses a body that is not a command with its view, for good, naming the field', () => {
    const handler = createHandler(spec, context);
    const refuse = (b: unknown) => {
      try {
        handler(delivery(b));
      } catch (error) {
        return [(error as Error).message, (error as { requeue?: unknown }).requeue];
      }
      return undefined;
    };
    expect(refuse({ kind: 'reply' })).toEqual(['saga-service: kind is missing or wrong', false]);
    expect(refuse(body({ version: '3' }))).toEqual([
      'saga-service: view.version is missing or wrong',
      false,
    ]);
    expect(refuse({ ...body(), command: { ...command, service: 'shipping' } })).toEqual([
      'payment got a command for shipping',
      false,
    ]);
  });

  it('takes workMs of simulated time when asked, and refuses an unknown service', async () => {
    const slept: number[] = [];
    const handler = createHandler(
      { ...spec, workMs: 250 },
      {
        ...context,
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
      },
    );
    const result = handler(delivery(body()));
    expect(result).toBeInstanceOf(Promise);
    await result;
    expect(slept).toEqual([250]);
    expect(
      validateHandler({
        kind: 'saga-service',
        model: { name: 'billing' },
      } as unknown as HandlerSpec),
    ).toBe('saga-service: No shop service "billing"');
  });
});
