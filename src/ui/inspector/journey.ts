import type { Inspected } from '../../app/labSession';
import type { TraceEvent, TraceOf } from '../../engine/trace';

/**
 * What the inspector follows beyond the broker: a producer's message sent to a topic or a
 * saga (by its send's id, `message.sent`), a topic's record (where a group read it), or a
 * saga's order (an instance, as a saga edge's dot names it). Each leads to the same journey.
 */
export type JourneyRef = Extract<Inspected, { kind: 'send' | 'record' | 'order' }>;

/** One hop of a journey: the trace event it comes from, and what it says. */
export interface Hop {
  readonly seq: number;
  readonly at: number;
  readonly text: string;
  readonly tone: 'plain' | 'failure' | 'undo' | 'done';
}

export interface Journey {
  /** the send that started it, when the trace still holds it */
  readonly send: TraceOf<'message.sent'> | undefined;
  readonly record:
    | { readonly topic: string; readonly partition: number; readonly offset: number }
    | undefined;
  readonly order: string | undefined;
  /** in trace order */
  readonly hops: readonly Hop[];
}

const ofType =
  <T extends TraceEvent['type']>(type: T) =>
  (e: TraceEvent): e is TraceOf<T> =>
    e.type === type;

/** The send a ref starts from: its own id, or found by the id its record or order names. */
function sendIdOf(events: readonly TraceEvent[], ref: JourneyRef): string | undefined {
  switch (ref.kind) {
    case 'send':
      return ref.id;
    case 'record':
      return events
        .filter(ofType('topic.appended'))
        .find(
          (e) => e.topic === ref.topic && e.partition === ref.partition && e.offset === ref.offset,
        )?.messageId;
    case 'order':
      return events.filter(ofType('order.started')).find((e) => e.instance === ref.instance)
        ?.messageId;
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A record's hops: appended, then each group's reads, handling and commit past it. */
function recordHops(
  events: readonly TraceEvent[],
  topic: string,
  partition: number,
  offset: number,
): Hop[] {
  const hops: Hop[] = [];
  const committed = new Set<string>();
  const hop = (e: TraceEvent, text: string, tone: Hop['tone'] = 'plain') =>
    hops.push({ seq: e.seq, at: e.at, text, tone });
  for (const e of events) {
    switch (e.type) {
      // the append itself (the link `topic.appended` is traced once the send's promise is
      // kept, which may be after a group has read it)
      case 'log.produced':
        if (
          e.topic === topic &&
          e.partition === partition &&
          e.baseOffset <= offset &&
          offset <= e.lastOffset
        ) {
          const key = e.key === undefined ? 'no key: round-robin' : `key ${e.key}`;
          hop(e, `appended to ${topic}, partition ${partition} at offset ${offset} (${key})`);
        }
        break;
      case 'log.polled':
        if (
          e.topic === topic &&
          e.partition === partition &&
          e.fromOffset <= offset &&
          offset < e.fromOffset + e.count
        ) {
          hop(
            e,
            `${e.group}: member ${e.consumer} read it (${plural(e.count, 'record')} from offset ${e.fromOffset})`,
          );
        }
        break;
      case 'group.handled': {
        if (e.topic !== topic) break;
        const i = e.records.findIndex((r) => r.partition === partition && r.offset === offset);
        const latency = e.latencyMs[i];
        if (i < 0 || latency === undefined) break;
        hop(
          e,
          `${e.group}: member ${e.member} handled it, ${Math.round(latency)} ms after it was sent`,
          'done',
        );
        break;
      }
      case 'log.committed':
        // the offset committed is the next to read: the first past this record covers it
        if (
          e.topic === topic &&
          e.partition === partition &&
          e.offset > offset &&
          !committed.has(e.group)
        ) {
          committed.add(e.group);
          hop(e, `${e.group}: member ${e.consumer} committed offset ${e.offset}: past it`);
        }
        break;
      case 'log.retention-applied':
        if (
          e.topic === topic &&
          e.partition === partition &&
          e.start > offset &&
          e.start - e.deleted <= offset
        ) {
          hop(e, `deleted from partition ${partition} by retention (${e.reason})`, 'failure');
        }
        break;
      default:
        break;
    }
  }
  return hops;
}

/** The saga instance a saga message (a command, a reply, a choreography event) belongs to. */
function instanceOfMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as {
    kind?: unknown;
    command?: { saga?: unknown };
    reply?: { saga?: unknown };
    fact?: { saga?: unknown };
  };
  const saga =
    d.kind === 'command' ? d.command?.saga : d.kind === 'reply' ? d.reply?.saga : d.fact?.saga;
  return typeof saga === 'string' ? saga : undefined;
}

/** A saga message (command, reply, choreography event) as a hop's text and tone. */
function sagaMessageHop(e: TraceOf<'message.sent'>): { text: string; tone: Hop['tone'] } {
  const d = e.data as {
    kind?: string;
    command?: { name?: string; work?: string };
    reply?: { ok?: boolean; reason?: string; work?: string };
    fact?: { type?: string };
  };
  const way = `${e.from} -> ${e.to}`;
  if (d.kind === 'command') {
    const undo = d.command?.work === 'compensation';
    return {
      text: `command ${d.command?.name ?? '?'}${undo ? ' (undo)' : ''}: ${way}`,
      tone: undo ? 'undo' : 'plain',
    };
  }
  if (d.kind === 'reply') {
    const ok = d.reply?.ok === true;
    const why = d.reply?.reason === undefined ? '' : `: ${d.reply.reason}`;
    return { text: `reply ${ok ? 'ok' : `failed${why}`}: ${way}`, tone: ok ? 'plain' : 'failure' };
  }
  const undo = d.fact?.type?.startsWith('saga.compensat') === true;
  return { text: `event ${e.event}: ${way}`, tone: undo ? 'undo' : 'plain' };
}

/** A saga order's hops: its steps, their tries, messages, undos and end. */
function orderHops(events: readonly TraceEvent[], instance: string): Hop[] {
  const hops: Hop[] = [];
  const hop = (e: TraceEvent, text: string, tone: Hop['tone'] = 'plain') =>
    hops.push({ seq: e.seq, at: e.at, text, tone });
  for (const e of events) {
    if (e.type === 'message.sent') {
      if (instanceOfMessage(e.data) === instance) {
        const { text, tone } = sagaMessageHop(e);
        hop(e, text, tone);
      }
      continue;
    }
    if (!('saga' in e) || e.saga !== instance) continue;
    switch (e.type) {
      case 'saga.started':
        hop(e, `saga started (${e.definition})`);
        break;
      case 'saga.step-started':
      case 'saga.step-retried':
        hop(
          e,
          `step ${e.index + 1} ${e.step}: try ${e.attempt}${e.type === 'saga.step-retried' ? ' (a retry)' : ''}`,
        );
        break;
      case 'saga.step-succeeded':
        hop(e, `step ${e.index + 1} ${e.step} succeeded`, 'done');
        break;
      case 'saga.step-failed':
      case 'saga.step-timed-out': {
        const how = e.type === 'saga.step-failed' ? 'failed' : 'timed out (in doubt)';
        const next = e.retryAt === undefined ? ', for good' : ', to be tried again';
        hop(e, `step ${e.index + 1} ${e.step} ${how}: ${e.reason}${next}`, 'failure');
        break;
      }
      case 'saga.compensation-started':
        hop(e, `undoing step ${e.index + 1} ${e.step}`, 'undo');
        break;
      case 'saga.compensated':
        hop(e, `step ${e.index + 1} ${e.step} undone`, 'undo');
        break;
      case 'saga.compensation-failed':
        hop(e, `undo of ${e.step} failed: ${e.reason}`, 'failure');
        break;
      case 'saga.completed':
        hop(e, 'saga completed', 'done');
        break;
      case 'saga.aborted':
        hop(e, `saga aborted at ${e.step}: ${e.reason}`, 'failure');
        break;
      case 'saga.service-handled':
        hop(
          e,
          `${e.service} ${e.duplicate ? 'recognised a duplicate' : e.ok ? 'ran' : 'refused'} ${e.name}${e.worker === undefined ? '' : ` on ${e.worker}`}${e.reason === undefined ? '' : `: ${e.reason}`}`,
          e.ok ? 'plain' : 'failure',
        );
        break;
      case 'saga.reply-ignored':
        hop(e, `a reply ignored: ${e.reason}`);
        break;
      default:
        break;
    }
  }
  return hops;
}

/**
 * One message's journey, from the trace alone: the producer's send; for a topic, the record
 * it became (partition, offset) and each group's read, handling and commit of it; for a saga,
 * the order it started and everything its saga did. Nothing is matched by guessing: the send
 * is linked by the id `topic.appended` and `order.started` carry.
 */
export function followMessage(events: readonly TraceEvent[], ref: JourneyRef): Journey {
  const sendId = sendIdOf(events, ref);
  const send =
    sendId === undefined
      ? undefined
      : events.filter(ofType('message.sent')).find((e) => e.messageId === sendId);
  const appended =
    sendId === undefined
      ? undefined
      : events.filter(ofType('topic.appended')).find((e) => e.messageId === sendId);
  const record =
    ref.kind === 'record'
      ? { topic: ref.topic, partition: ref.partition, offset: ref.offset }
      : appended === undefined
        ? undefined
        : { topic: appended.topic, partition: appended.partition, offset: appended.offset };
  const started =
    sendId === undefined
      ? undefined
      : events.filter(ofType('order.started')).find((e) => e.messageId === sendId);
  const order = ref.kind === 'order' ? ref.instance : started?.instance;
  const hops: Hop[] = [];
  if (send !== undefined) {
    hops.push({
      seq: send.seq,
      at: send.at,
      text: `${send.from} sent ${send.event} to ${send.to}`,
      tone: 'plain',
    });
  }
  if (record !== undefined)
    hops.push(...recordHops(events, record.topic, record.partition, record.offset));
  if (sendId !== undefined) {
    for (const e of events) {
      if (e.type === 'order.started' && e.messageId === sendId)
        hops.push({
          seq: e.seq,
          at: e.at,
          text: `${e.saga} started order ${e.instance}`,
          tone: 'plain',
        });
      if (e.type === 'order.refused' && e.messageId === sendId)
        hops.push({
          seq: e.seq,
          at: e.at,
          text: `${e.saga} refused it: ${e.reason}`,
          tone: 'failure',
        });
    }
  }
  if (order !== undefined) hops.push(...orderHops(events, order));
  hops.sort((a, b) => a.seq - b.seq);
  return { send, record, order, hops };
}

/** A ref as text, for a dot's data attribute; `parseJourneyRef` reads it back. */
export function journeyKey(ref: JourneyRef): string {
  return JSON.stringify(ref);
}

/** A dot's journey key back as a ref, or undefined when it is none. */
export function parseJourneyRef(text: string): JourneyRef | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (r.kind === 'send' && typeof r.id === 'string') return { kind: 'send', id: r.id };
  if (r.kind === 'order' && typeof r.instance === 'string')
    return { kind: 'order', instance: r.instance };
  if (
    r.kind === 'record' &&
    typeof r.topic === 'string' &&
    Number.isInteger(r.partition) &&
    Number.isInteger(r.offset)
  ) {
    return {
      kind: 'record',
      topic: r.topic,
      partition: r.partition as number,
      offset: r.offset as number,
    };
  }
  return undefined;
}

/**
 * The journey an activity line leads to, if any: a send to a topic or saga, a record's
 * append, read or handling, an order's start, refusal or any event of its saga.
 */
export function journeyOfEvent(
  e: TraceEvent,
  followed: { readonly topics: ReadonlySet<string>; readonly saga: string | undefined },
): JourneyRef | undefined {
  switch (e.type) {
    case 'message.sent':
      if (followed.topics.has(e.to) || e.to === followed.saga)
        return { kind: 'send', id: e.messageId };
      return undefined;
    case 'topic.appended':
    case 'order.started':
      return { kind: 'send', id: e.messageId };
    case 'order.refused':
      return e.messageId === undefined ? undefined : { kind: 'send', id: e.messageId };
    case 'log.produced':
      return followed.topics.has(e.topic)
        ? { kind: 'record', topic: e.topic, partition: e.partition, offset: e.baseOffset }
        : undefined;
    case 'log.polled':
      return followed.topics.has(e.topic) && e.count > 0
        ? { kind: 'record', topic: e.topic, partition: e.partition, offset: e.fromOffset }
        : undefined;
    case 'group.handled': {
      const first = e.records[0];
      return first === undefined
        ? undefined
        : { kind: 'record', topic: e.topic, partition: first.partition, offset: first.offset };
    }
    default:
      if (
        followed.saga !== undefined &&
        e.type.startsWith('saga.') &&
        'saga' in e &&
        typeof e.saga === 'string'
      )
        return { kind: 'order', instance: e.saga };
      return undefined;
  }
}
