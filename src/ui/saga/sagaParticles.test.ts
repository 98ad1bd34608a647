import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/trace';
import { sagaLayout } from './sagaLayout';
import { sagaParticles } from './sagaParticles';

const edgesOf = (mode: 'orchestration' | 'choreography') =>
  new Set(sagaLayout(mode).edges.map((e) => e.id));

const sent = (from: string, to: string, event: string, data: unknown): TraceEvent => ({
  type: 'message.sent',
  messageId: 'm1',
  from,
  to,
  event,
  data,
  arrivesAt: 600,
  at: 100,
  seq: 1,
});

const command = (work: 'action' | 'compensation', name: string) => ({
  kind: 'command',
  replyTo: 'saga-replies',
  command: { saga: 'o1', work, name, service: 'payment' },
});

describe('the saga trace as particles', () => {
  const orchestration = edgesOf('orchestration');
  const choreography = edgesOf('choreography');

  it('draws a command forward, and an undo in its own style, on the edge it travels', () => {
    const edge = 'orchestrator->saga-payment-commands';
    expect(
      sagaParticles(
        sent(
          'orchestrator',
          'saga-payment-commands',
          'payment.charge',
          command('action', 'charge'),
        ),
        500,
        orchestration,
      ),
    ).toEqual([{ edgeId: edge, start: 100, end: 600, kind: 'message', label: 'o1 charge' }]);
    const [undo] = sagaParticles(
      sent(
        'orchestrator',
        'saga-payment-commands',
        'payment.refund',
        command('compensation', 'refund'),
      ),
      500,
      orchestration,
    );
    expect(undo).toMatchObject({ kind: 'compensation', label: 'o1 refund' });
  });

  it('colours replies by their outcome', () => {
    const reply = (ok: boolean) => ({
      kind: 'reply',
      from: 'payment',
      reply: { saga: 'o1', ok, work: 'action' },
    });
    const kinds = [true, false].map(
      (ok) =>
        sagaParticles(sent('payment', 'saga-replies', 'reply', reply(ok)), 500, orchestration)[0]
          ?.kind,
    );
    expect(kinds).toEqual(['all', 'failed']);
  });

  it('draws choreography events to the bus and each delivery from it, undos apart', () => {
    const fact = { type: 'saga.compensated', saga: 'o1', step: 'charge', index: 1, attempt: 1 };
    expect(
      sagaParticles(
        sent('payment', 'events', 'payment.refunded', { fact, data: {} }),
        500,
        choreography,
      ),
    ).toMatchObject([{ edgeId: 'payment->events', kind: 'compensation' }]);
    const delivered = (event: string): TraceEvent => ({
      type: 'bus.delivered',
      bus: 'events',
      event,
      emitSeq: 1,
      listener: 'inventory',
      pattern: event,
      match: 'exact',
      at: 50,
      seq: 2,
    });
    const kindOf = (event: string) => sagaParticles(delivered(event), 500, choreography)[0]?.kind;
    expect(kindOf('payment.refunded')).toBe('compensation');
    expect(kindOf('payment.failed')).toBe('failed');
    expect(kindOf('order.created')).toBe('message');
    expect(sagaParticles(delivered('order.created'), 500, choreography)[0]).toMatchObject({
      edgeId: 'events->inventory',
      start: 50,
      end: 550,
    });
  });

  it('draws nothing for a hop with no edge in the picture', () => {
    expect(
      sagaParticles(sent('payment', 'events', 'payment.charged', {}), 500, orchestration),
    ).toEqual([]);
  });
});
