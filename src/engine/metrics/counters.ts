import type { TraceEvent } from '../trace';

/**
 * What one node has done, counted from the trace. Each kind of node uses the fields that mean
 * something for it:
 * - producer, http endpoint, external sender: `sent` (messages it sent along its edge);
 *   an endpoint's `received` requests, `failed` the ones it refused;
 * - bus: `received` emits, `sent` deliveries to listeners;
 * - listener: `received` deliveries, `failed` the ones it threw on;
 * - exchange: `received` publishes, `sent` copies routed to queues, `dropped` unroutable;
 * - queue: `received` messages enqueued, `sent` deliveries (`redelivered` of them again),
 *   `acked`, `failed` nacks, `deadLettered`, `dropped` (refused when full, or gone with no
 *   dead-letter exchange);
 * - consumer: `received` deliveries its workers got, `acked` and `failed` (handled or not),
 *   `workersLost` (died or were killed);
 * - topic: `received` records appended, `sent` records read by its groups;
 * - consumer group: `received` records its members read (and handled).
 */
export interface NodeCounters {
  received: number;
  sent: number;
  acked: number;
  failed: number;
  redelivered: number;
  deadLettered: number;
  dropped: number;
  workersLost: number;
}

export function emptyCounters(): NodeCounters {
  return {
    received: 0,
    sent: 0,
    acked: 0,
    failed: 0,
    redelivered: 0,
    deadLettered: 0,
    dropped: 0,
    workersLost: 0,
  };
}

type Field = keyof NodeCounters;

/** Adds to a node's counter; `by` is 1 but for a routing to several queues or a batch. */
export type Bump = (node: string, field: Field, by?: number) => void;

/** Counts one trace event. Called for every event of a run, so it allocates nothing. */
export function countEvent(e: TraceEvent, bump: Bump, queues: ReadonlySet<string>): void {
  switch (e.type) {
    case 'message.sent':
      // a queue's sends are its deliveries, counted from broker.delivered
      if (!queues.has(e.from)) bump(e.from, 'sent');
      break;
    case 'bus.emitted':
      bump(e.bus, 'received');
      break;
    case 'bus.delivered':
      bump(e.bus, 'sent');
      bump(e.listener, 'received');
      break;
    case 'bus.listener-failed':
      bump(e.bus, 'sent');
      bump(e.listener, 'received');
      bump(e.listener, 'failed');
      break;
    case 'http.accepted':
      bump(e.endpoint, 'received');
      break;
    case 'http.answered':
      bump(e.endpoint, 'received');
      if (e.status >= 400) bump(e.endpoint, 'failed');
      break;
    case 'broker.published':
      bump(e.exchange, 'received');
      break;
    case 'broker.routed':
      bump(e.exchange, 'sent', e.queues.length);
      break;
    case 'broker.unroutable':
      bump(e.exchange, 'dropped');
      break;
    case 'broker.enqueued':
      bump(e.queue, 'received');
      break;
    case 'broker.delivered':
      bump(e.queue, 'sent');
      if (e.redelivered) bump(e.queue, 'redelivered');
      break;
    case 'broker.acked':
      bump(e.queue, 'acked');
      break;
    case 'broker.nacked':
      bump(e.queue, 'failed');
      break;
    case 'broker.dead-lettered':
      bump(e.queue, 'deadLettered');
      break;
    case 'broker.refused':
    case 'broker.dropped':
      bump(e.queue, 'dropped');
      break;
    case 'pool.batch-sent':
      bump(e.pool, 'received', e.deliveryTags.length);
      break;
    case 'pool.handled':
      bump(e.pool, e.ok ? 'acked' : 'failed');
      break;
    case 'pool.worker-failed':
      bump(e.pool, 'workersLost');
      break;
    case 'log.produced':
      bump(e.topic, 'received', e.lastOffset - e.baseOffset + 1);
      break;
    case 'log.polled':
      bump(e.topic, 'sent', e.count);
      bump(e.group, 'received', e.count);
      break;
    default:
      break;
  }
}
