import type { Broker } from '../broker';
import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { SagaMessage, SagaTransport } from './transport';

export interface BrokerTransportOptions {
  readonly broker: Broker;
  readonly clock: Clock;
  readonly trace?: Trace;
  /** time a message takes on each edge: sender to queue, queue to consumer */
  readonly hopMs: number;
  /** the node that consumes a queue, for the picture (default: the service a command queue is for, else `orchestrator`) */
  readonly consumerOf?: (queue: string) => string;
  /** unacked deliveries a consumer may hold */
  readonly prefetch?: number;
}

const COMMANDS = /^saga-(.+)-commands$/;

/**
 * The saga transport on the engine's broker, so orchestration travels as the other labs'
 * messages do: each message goes from its sender to its queue (one hop, a `message.sent`),
 * is published on the default exchange (routed to the queue of that name), and each
 * delivery travels to its consumer (one hop) before the handler runs. The delivery is acked
 * when the handler has finished and nacked (requeued, redelivered) when it failed: at least
 * once, as the saga expects.
 */
export interface BrokerTransport extends SagaTransport {
  /**
   * The page's runtime is gone: messages still on their way to a queue are dropped, and
   * what the saga's queues hold is purged, so a runtime opened next on the same broker (on
   * another store) is not handed another store's commands.
   */
  close(): void;
}

/** A saga message's few words on the wire: `payment.charge`, `reply.ok`. */
export function sagaMessageLabel(m: SagaMessage): string {
  return m.kind === 'command'
    ? `${m.command.service}.${m.command.name}`
    : `reply.${m.reply.ok ? 'ok' : 'failed'}`;
}

export function brokerTransport(options: BrokerTransportOptions): BrokerTransport {
  const { broker, clock, trace, hopMs } = options;
  const consumerOf =
    options.consumerOf ?? ((queue: string) => COMMANDS.exec(queue)?.[1] ?? 'orchestrator');
  let sent = 0;
  let closed = false;
  const declared = new Set<string>();
  const declare = (queue: string) => {
    declared.add(queue);
    if (!broker.hasQueue(queue)) broker.declareQueue(queue);
  };
  const label = sagaMessageLabel;
  return {
    send(queue, message) {
      declare(queue);
      const messageId = `saga-${++sent}`;
      const from = message.kind === 'command' ? 'orchestrator' : (message.from ?? 'service');
      trace?.record({
        type: 'message.sent',
        messageId,
        from,
        to: queue,
        event: label(message),
        data: message,
        arrivesAt: clock.now() + hopMs,
      });
      clock.setTimeout(() => {
        if (!closed) broker.publish('', queue, message, { messageId });
      }, hopMs);
    },
    consume(queue, handler) {
      declare(queue);
      const to = consumerOf(queue);
      let stopped = false;
      const tag = broker.consume(queue, {
        prefetch: options.prefetch ?? 10,
        onDelivery: (d) => {
          const message = d.message.body as SagaMessage;
          trace?.record({
            type: 'message.sent',
            messageId: d.message.id,
            from: queue,
            to,
            event: label(message),
            data: message,
            arrivesAt: clock.now() + hopMs,
          });
          clock.setTimeout(() => {
            if (stopped) return;
            const ack = () => broker.ack(d.deliveryTag);
            const nack = () => broker.nack(d.deliveryTag, { requeue: true });
            // the handler starts inside the timer, so whoever waits for the work it starts
            // (a test's idle) sees it before the clock moves on
            try {
              Promise.resolve(handler(message)).then(ack, nack);
            } catch {
              nack();
            }
          }, hopMs);
        },
      });
      return () => {
        stopped = true;
        // what it held goes back to the queue, redelivered, as when a channel closes
        broker.releaseConsumer(tag);
      };
    },
    close() {
      closed = true;
      for (const queue of declared) if (broker.hasQueue(queue)) broker.purge(queue);
    },
  };
}
