import { compactJson } from '../format';
import { useSession, useSessionState } from '../lab/session';
import { followMessage, type Hop, type JourneyRef } from './journey';
import './journey.css';

/** What the inspector's title says a journey follows. */
export function journeyTitle(ref: JourneyRef): string {
  switch (ref.kind) {
    case 'send':
      return `Message ${ref.id}`;
    case 'record':
      return `Record ${ref.topic}-${ref.partition} @${ref.offset}`;
    case 'order':
      return `Order ${ref.instance}`;
  }
}

const TONE: Record<Hop['tone'], string | undefined> = {
  plain: undefined,
  failure: 'is-failure',
  undo: 'is-undo',
  done: 'is-done',
};

/**
 * A producer's message followed through every hop, from the trace: to a topic (the record,
 * each group's read, handling, commit) or to a saga (its order, steps, messages, undos, end).
 */
export function JourneyView({ target }: { target: JourneyRef }) {
  const session = useSession();
  // read again on every snapshot: the journey goes on while the inspector is open
  useSessionState((s) => s.snapshot);
  const journey = followMessage(session.sim.traceEvents(), target);
  const { send, record, order, hops } = journey;
  const start = hops[0]?.at ?? 0;
  return (
    <>
      {send !== undefined && (
        <p className="journey-summary">
          <span className="mono">{send.messageId}</span> from {send.from} to {send.to}:{' '}
          <span className="mono event-name">{send.event}</span>{' '}
          <span className="mono data">{compactJson(send.data)}</span>
        </p>
      )}
      {record !== undefined && (
        <p className="journey-summary">
          Record: {record.topic}, partition {record.partition}, offset {record.offset}
        </p>
      )}
      {order !== undefined && <p className="journey-summary">Order: {order}</p>}
      {hops.length === 0 ? (
        <p className="empty">No trace of it is kept any more.</p>
      ) : (
        <ol className="activity-list journey-list" aria-label="Journey">
          {hops.map((h) => (
            <li key={`${h.seq}-${h.text}`} className={TONE[h.tone]}>
              <span className="hop-time mono">+{Math.round(h.at - start)} ms</span>
              <span>{h.text}</span>
            </li>
          ))}
        </ol>
      )}
      {send !== undefined && hops.length === 1 && <p className="muted">On its way to {send.to}.</p>}
    </>
  );
}
