import type { StepFault } from '../engine/scenario/sagaSchema';
import type { LiveChange } from '../engine/sim/liveEdit';
import type { TraceEvent } from '../engine/trace';

/** HH:MM:SS.mmm in local time; the full ISO timestamp goes in a title attribute. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Compact JSON for a table cell. Always rendered as text, never as HTML. */
export function compactJson(value: unknown): string {
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One line of the activity panel for a trace event. */
export function describeTrace(e: TraceEvent): string {
  switch (e.type) {
    case 'message.sent':
      return `${e.from} sent ${e.event} → ${e.to}`;
    case 'bus.emitted':
      return `${e.bus} logged ${e.event}; ${e.deliveries} ${e.deliveries === 1 ? 'delivery' : 'deliveries'}`;
    case 'bus.delivered':
      return `${e.event} → ${e.listener} (${e.pattern}, ${e.match})`;
    case 'bus.listener-failed':
      return `${e.listener} threw on ${e.event}: ${e.error}`;
    case 'bus.subscribed':
      return `${e.listener} subscribed to ${e.pattern}`;
    case 'bus.unsubscribed':
      return `${e.listener} unsubscribed from ${e.pattern}`;
    case 'bus.log-cleared':
      return `${e.bus} log cleared (${e.entries} ${e.entries === 1 ? 'entry' : 'entries'})`;
    case 'bus.rejected':
      return `${e.bus} refused ${JSON.stringify(e.input)}: ${e.reason}`;
    case 'http.accepted':
      return `${e.endpoint} accepted ${e.event} (${e.webhookId}${e.signed ? '' : ', unsigned'})`;
    case 'listener.called':
      return `${e.consumer} called ${e.listener} for ${e.messageId}: ${e.ok ? e.text : `failed: ${e.text}`}`;
    case 'http.answered':
      return `${e.endpoint} answered ${e.status}: ${e.message}`;
    case 'listener.mode-changed':
      return e.failing ? `${e.listener} now throws on delivery` : `${e.listener} works again`;
    case 'broker.published':
      return e.confirm.ack
        ? `${e.messageId} published to ${e.exchange} with key ${e.routingKey || '(empty)'}`
        : `${e.messageId} refused by ${e.exchange}: ${e.confirm.reason ?? 'nack'}`;
    case 'broker.routed':
      return `${e.messageId} routed to ${e.queues.join(', ')} (${e.bindings.map((b) => b.bindingKey || '(empty)').join(', ')})`;
    case 'broker.unroutable':
      return `${e.messageId}: no binding of ${e.exchange} matches ${e.routingKey || '(empty)'}; dropped`;
    case 'broker.enqueued':
      return `${e.messageId} waits in ${e.queue} (${e.ready} ready)`;
    case 'broker.delivered':
      return `${e.messageId} delivered to ${e.consumerTag}${e.redelivered ? ` (redelivered, delivery ${e.deliveryCount})` : ''}`;
    case 'broker.acked':
      return `${e.consumerTag} acked ${e.messageId}`;
    case 'broker.nacked':
      return `${e.consumerTag} nacked ${e.messageId}${e.requeue ? ', asking to requeue it' : ''}`;
    case 'broker.requeued':
      return `${e.messageId} back in ${e.queue} (${e.cause === 'released' ? 'its worker died' : 'nacked'})`;
    case 'broker.dead-lettered':
      return `${e.messageId} dead-lettered from ${e.queue}: ${e.reason}`;
    case 'broker.expired':
      return `${e.messageId} expired in ${e.queue}`;
    case 'pool.worker-failed':
      return `${e.worker} failed (${e.reason}): ${e.error}`;
    case 'pool.worker-started':
      return e.replaces ? `${e.worker} started, replacing ${e.replaces}` : `${e.worker} started`;
    case 'pool.handled':
      return e.ok
        ? `${e.worker} handled ${e.messageId}${e.output ? `: ${e.output}` : ''}`
        : `${e.worker} failed on ${e.messageId}: ${e.error}`;
    case 'scenario.reconfigured':
      return describeLiveChange(e.change);
    case 'log.produced':
      return `${e.event} appended to ${e.topic}-${e.partition} @${e.baseOffset}${e.key === undefined ? '' : ` (key ${e.key})`}`;
    case 'topic.appended':
      return `${e.messageId} is record ${e.topic}-${e.partition} @${e.offset}`;
    case 'order.started':
      return `${e.messageId} started order ${e.instance} in ${e.saga}`;
    case 'log.polled':
      return `${e.consumer} read ${e.count} of ${e.topic}-${e.partition} from @${e.fromOffset}`;
    case 'group.handled': {
      const slowest = Math.max(...e.latencyMs);
      return `${e.member} handled ${e.count} of ${e.topic} (the oldest ${Math.round(slowest)} ms after it was sent)`;
    }
    case 'log.committed':
      return `${e.consumer} committed ${e.topic}-${e.partition} @${e.offset} for ${e.group}`;
    case 'log.rebalanced': {
      const held = Object.entries(e.assignment).map(([m, ps]) => `${m} [${ps.join(', ')}]`);
      return `${e.group} rebalanced (generation ${e.generation}): ${held.join(', ') || 'no members'}`;
    }
    default:
      return describeOther(e);
  }
}

/** A live edit of the running scenario, as the activity list says it. */
function describeLiveChange(c: LiveChange): string {
  switch (c.kind) {
    case 'exchange-type':
      return `${c.node} is now a ${c.value} exchange`;
    case 'binding-key':
      return `binding ${c.binding} now matches ${c.value || '(empty)'}`;
    case 'queue-policy': {
      const args = Object.entries(c.value).map(([k, v]) => `${k}=${String(v)}`);
      return `${c.node} policy set: ${args.length > 0 ? args.join(' ') : 'no arguments'}`;
    }
    case 'handler':
      return `${c.node} now runs the ${c.value.kind} handler`;
    case 'prefetch':
      return `${c.node} prefetch set to ${c.value}${c.value === 0 ? ' (unlimited)' : ''}`;
    case 'workers':
      return `${c.node} scaled to ${c.value} ${c.value === 1 ? 'worker' : 'workers'}`;
    case 'failing':
      return c.value ? `${c.node} now throws on delivery` : `${c.node} works again`;
    case 'subscription':
      return `subscription ${c.subscription} ${c.value ? 'on' : 'off'}`;
    case 'group-rate':
      return `${c.node} members now read ${c.value} a second each`;
    case 'group-members':
      return `${c.node} rebalanced to ${c.value} ${c.value === 1 ? 'member' : 'members'}`;
    case 'saga-step-fault':
      return `${c.node}: the ${c.service} step ${c.value === undefined ? 'works again' : `now ${stepFaultText(c.value)}`}`;
    case 'read-on-use':
      return `${c.node}: ${c.field} changed`;
  }
}

/** A saga step's fault as the saga's settings say it. */
function stepFaultText(f: StepFault): string {
  switch (f.mode) {
    case 'fail':
      return 'fails always';
    case 'fail-times':
      return `fails ${f.times} ${f.times === 1 ? 'time' : 'times'}`;
    case 'timeout':
      return `answers ${f.delayMs} ms too late`;
    case 'flaky':
      return `is flaky (fails ${Math.round(f.failRate * 100)} %)`;
  }
}

/** Broker and worker events: their type and their identifying fields, as one line. */
function describeOther(e: TraceEvent): string {
  const { type, seq: _seq, at: _at, ...fields } = e;
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined && (typeof v !== 'object' || v === null))
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${type} ${parts.join(' ')}`.trim();
}
