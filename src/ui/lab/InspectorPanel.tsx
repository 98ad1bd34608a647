import { useEffect, useRef } from 'react';
import type { Message } from '../../engine/broker/types';
import type { TraceEvent } from '../../engine/trace';
import { compactJson, describeTrace } from '../format';
import { JourneyView, journeyTitle } from '../inspector/JourneyView';
import { useSession, useSessionState } from './session';

/** Headers, delivery count, dead-letter history: what a message carries, as text. */
function MessageCard({
  message,
  deliveryCount,
  redelivered,
  onTrail,
}: {
  message: Message;
  deliveryCount: number;
  redelivered: boolean;
  onTrail: () => void;
}) {
  return (
    <li className="message-card">
      <div className="message-head">
        <span className="mono">{message.id}</span>
        <span className="mono event-name">{message.routingKey || '(empty key)'}</span>
        <span className="muted">
          {deliveryCount} {deliveryCount === 1 ? 'delivery' : 'deliveries'}
          {redelivered ? ' · redelivered' : ''}
        </span>
        <button type="button" className="btn small" onClick={onTrail}>
          Trail of {message.id}
        </button>
      </div>
      <div className="mono data">{compactJson(message.body)}</div>
      {Object.keys(message.headers).length > 0 && (
        <div className="mono muted">headers {compactJson(message.headers)}</div>
      )}
      {message.deaths.map((d) => (
        <div key={`${d.queue}-${d.reason}-${d.time}`} className="death">
          died in {d.queue}: {d.reason} ({d.count}×), from {d.exchange || '(default)'} with{' '}
          {d.routingKeys.join(', ')}
        </div>
      ))}
    </li>
  );
}

function QueueInspector({ queue }: { queue: string }) {
  const session = useSession();
  // re-read on every snapshot: the contents change as messages move
  useSessionState((s) => s.snapshot);
  const broker = session.sim.broker;
  if (broker === undefined) return null;
  const ready = broker.peek(queue, 30);
  const unacked = broker.unacked(queue);
  const trail = (id: string) => session.inspect({ kind: 'message', id });
  return (
    <>
      <h3>
        Ready ({ready.length}
        {ready.length === 30 ? '+' : ''})
      </h3>
      {ready.length === 0 ? (
        <p className="empty">Empty.</p>
      ) : (
        <ol className="message-list">
          {ready.map((r) => (
            <MessageCard
              key={r.message.id}
              message={r.message}
              deliveryCount={r.deliveryCount}
              redelivered={r.redelivered}
              onTrail={() => trail(r.message.id)}
            />
          ))}
        </ol>
      )}
      <h3>Unacked ({unacked.length})</h3>
      {unacked.length === 0 ? (
        <p className="empty">None: every delivered message was acknowledged.</p>
      ) : (
        <ol className="message-list">
          {unacked.map((d) => (
            <MessageCard
              key={d.deliveryTag}
              message={d.message}
              deliveryCount={d.deliveryCount}
              redelivered={d.redelivered}
              onTrail={() => trail(d.message.id)}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function hasMessageId(e: TraceEvent, id: string): boolean {
  return 'messageId' in e && e.messageId === id;
}

/** One message's way through the system: every trace event that names it, in order. */
function MessageTrail({ id }: { id: string }) {
  const session = useSession();
  useSessionState((s) => s.snapshot);
  const events = session.sim.traceEvents().filter((e) => hasMessageId(e, id));
  const routed = events.find((e) => e.type === 'broker.routed');
  return (
    <>
      {routed?.type === 'broker.routed' && (
        <p>
          Routed by {routed.exchange} with key{' '}
          <span className="mono">{routed.routingKey || '(empty)'}</span>:{' '}
          {routed.bindings.length === 0
            ? 'no binding matched.'
            : routed.bindings
                .map((b) => `${b.queue} (binding ${b.bindingKey || '(empty)'})`)
                .join(', ')}
          {routed.alternate !== undefined && ` via alternate exchange ${routed.alternate}`}
        </p>
      )}
      {events.length === 0 ? (
        <p className="empty">No trace of {id} is kept any more.</p>
      ) : (
        <ol className="activity-list">
          {events.map((e) => (
            <li key={e.seq}>
              <span className="seq mono">#{e.seq}</span>
              <span>{describeTrace(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/**
 * What a person clicked: a queue's contents, a broker message's trail, or a message followed
 * to a topic or a saga (its journey).
 */
export function InspectorPanel() {
  const session = useSession();
  const inspected = useSessionState((s) => s.inspected);
  const panel = useRef<HTMLElement>(null);
  // what a click opened is brought into view (in the playground it sits below the settings)
  useEffect(() => {
    if (inspected !== undefined) panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [inspected]);
  if (inspected === undefined) return null;
  const title =
    inspected.kind === 'queue'
      ? `Queue ${inspected.id}`
      : inspected.kind === 'message'
        ? `Message ${inspected.id}`
        : journeyTitle(inspected);
  return (
    <section ref={panel} className="panel inspector" aria-label="Inspector">
      <header className="panel-header">
        <h2>{title}</h2>
        <button type="button" className="btn small" onClick={() => session.inspect(undefined)}>
          Close
        </button>
      </header>
      <div className="inspector-body">
        {inspected.kind === 'queue' ? (
          <QueueInspector queue={inspected.id} />
        ) : inspected.kind === 'message' ? (
          <MessageTrail id={inspected.id} />
        ) : (
          <JourneyView target={inspected} />
        )}
      </div>
    </section>
  );
}
