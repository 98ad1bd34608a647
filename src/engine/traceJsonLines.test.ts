import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../labs/eventBus';
import { SimulatedClock } from './clock';
import { parseJsonLines } from './log/jsonLines';
import { Simulation } from './sim/Simulation';
import { Trace, type TraceEvent } from './trace';
import { formatTraceLine, traceJsonLineChunks, traceToJsonLines } from './traceJsonLines';

const START = Date.UTC(2024, 0, 1, 12, 0, 0);

/** Lab 1 after one emit has landed everywhere, logger failing: a run with every kind of line. */
function run(): TraceEvent[] {
  const sim = new Simulation(eventBusLab, { startMs: START });
  sim.setFailing('logger', true);
  sim.send('app', 'user.registered', { user_id: 1 });
  sim.clock.advance(eventBusLab.settings.hopMs * 3);
  return sim.traceEvents();
}

describe("a run's trace as JSON lines", () => {
  it('writes one line an event, in the course log format, that reads back', () => {
    const events = run();
    expect(events.map((e) => e.type)).toContain('bus.listener-failed');
    const text = traceToJsonLines(events);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(events.length + 1);
    const { records, errors } = parseJsonLines(text);
    expect(errors).toEqual([]);
    expect(records).toEqual(
      events.map(({ type, seq, at, ...fields }) => ({
        timestamp: at,
        event: type,
        data: JSON.parse(JSON.stringify({ seq, at, ...fields })),
      })),
    );
  });

  it('writes a line as the course does: timestamp, event, data', () => {
    const trace = new Trace(new SimulatedClock(START + 0.5));
    const events: TraceEvent[] = [];
    trace.subscribe((e) => events.push(e));
    trace.record({ type: 'bus.subscribed', bus: 'bus', listener: 'logger', pattern: '*' });
    const [event] = events;
    expect(event && formatTraceLine(event)).toBe(
      '{"timestamp":"2024-01-01T12:00:00.000Z","event":"bus.subscribed","data":{"seq":1,"at":1704110400000.5,"bus":"bus","listener":"logger","pattern":"*"}}',
    );
  });

  it('keeps a line whose payload is not JSON, saying why', () => {
    const event: TraceEvent = {
      type: 'bus.emitted',
      bus: 'bus',
      event: 'big.number',
      data: { n: 1n },
      deliveries: 0,
      seq: 4,
      at: START,
    };
    const line = JSON.parse(formatTraceLine(event));
    expect(line).toMatchObject({ event: 'bus.emitted', data: { seq: 4, at: START } });
    expect(line.data.unserializable).toMatch(/BigInt/);
  });

  it('gives the same text in chunks of whole lines', () => {
    const events = run();
    const chunks = [...traceJsonLineChunks(events, 3)];
    expect(chunks).toHaveLength(Math.ceil(events.length / 3));
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(traceToJsonLines(events));
  });
});
