import { SimulatedClock } from '../clock';
import { recordTrace, Trace } from '../trace';
import { Broker, type BrokerOptions } from './Broker';
import type { ConsumeOptions, Delivery } from './types';

/** Test fixtures for the broker: a broker on a simulated clock with its trace recorded. */
export const START = Date.UTC(2024, 0, 1, 12, 0, 0);

export function setup(options: Omit<BrokerOptions, 'clock' | 'trace'> = {}) {
  const clock = new SimulatedClock(START);
  const trace = new Trace(clock);
  const rec = recordTrace(trace, 200_000);
  const broker = new Broker({ clock, trace, ...options });
  return { clock, trace, rec, broker };
}

/** A consumer that keeps its deliveries, for the test to ack or nack later. */
export function collect(
  broker: Broker,
  queue: string,
  prefetch = 0,
  options: Partial<ConsumeOptions> = {},
) {
  const got: Delivery[] = [];
  const tag = broker.consume(queue, { prefetch, onDelivery: (d) => got.push(d), ...options });
  return {
    tag,
    got,
    bodies: () => got.map((d) => d.message.body),
    /** delivery tags not settled by the test yet are tracked by the test itself */
    last: (): Delivery => {
      const d = got.at(-1);
      if (d === undefined) throw new Error('no delivery yet');
      return d;
    },
  };
}
