import { Broker } from '../../engine/broker';

/**
 * The engine's Broker with BrokerPort.ackMultiple (its own `ack(tag, true)`), so tests run
 * the pool's multiple-ack path against the real thing, as the benchmark's port does.
 */
export class MultiAckBroker extends Broker {
  ackMultiple(deliveryTag: number): void {
    this.ack(deliveryTag, true);
  }
}
