import type { LogStore } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import type { Clock, TimerId } from '../clock';
import { errorMessage } from '../errors';
import type { PartitionView, RecordView } from '../kafka/KafkaLab';
import type { Consumer } from '../log/Consumer';
import { TopicLog } from '../log/TopicLog';
import type { GroupNode, Scenario, TopicNode } from '../scenario';
import type { Trace, TraceEvent } from '../trace';

/** Names the playground's log in trace events (`log.produced`, `log.polled`...). */
const PLAYGROUND_LOG = 'playground';
/** Records of each partition kept for the topic node's tape; the log itself holds them all. */
const RECENT_RECORDS = 8;
/**
 * A member reads at most this often (simulated ms): above 10 records a second it takes
 * several a poll, so its rate holds whatever the frame rate, and the clock is not flooded.
 */
const MIN_POLL_MS = 100;

export interface TopicState {
  readonly partitions: readonly PartitionView[];
  /** records appended since the run started */
  readonly appended: number;
  /** the groups reading it, in scenario order */
  readonly groups: readonly string[];
  readonly error: string | undefined;
}

export interface MemberState {
  readonly id: string;
  /** the partitions its group gave it now */
  readonly partitions: readonly number[];
  /** records it has handled */
  readonly handled: number;
}

export interface GroupState {
  readonly topic: string;
  readonly members: readonly MemberState[];
  /** records a second each member reads */
  readonly rate: number;
  /** partition -> the next offset the group reads there (its holder's position, or its commit) */
  readonly positions: readonly number[];
  /** partition -> committed offset (the next to read), once it has committed there */
  readonly committed: Readonly<Record<number, number>>;
  /** records behind the end, over every partition */
  readonly lag: number;
  readonly handled: number;
  /** the members' generation: grows with every join and leave (a rebalance) */
  readonly rebalances: number;
  readonly error: string | undefined;
}

/** What the simulation lends the runtime. */
export interface TopicHost {
  readonly clock: Clock;
  readonly trace: Trace;
  /** told when what the snapshot shows changed outside a trace event's turn (a read ended) */
  readonly changed: () => void;
  /** where the records live; by default a fresh memory store (a run starts empty) */
  readonly store?: LogStore;
  /** the time a message takes from its producer to the topic: part of each record's latency */
  readonly hopMs?: number;
}

interface Member {
  readonly id: string;
  readonly consumer: Consumer;
  timer: TimerId | undefined;
  reading: boolean;
  /** records it may read and has not yet: a rate of 2.5 a poll reads 2, then 3 */
  credit: number;
  handled: number;
}

interface TopicRun {
  readonly node: TopicNode;
  readonly ranges: { start: number; end: number }[];
  readonly recent: RecordView[][];
  appended: number;
  error: string | undefined;
}

interface GroupRun {
  readonly node: GroupNode;
  readonly members: Map<string, Member>;
  readonly committed: Map<number, number>;
  /** the number the next member's id gets */
  next: number;
  /** records a second each member reads: the node's, until a live edit changes it */
  rate: number;
  handled: number;
  rebalances: number;
  error: string | undefined;
}

/**
 * The playground's topics and consumer groups, run on the Kafka-like log of src/engine/log
 * (a TopicLog on a LogStore, by default in memory) on the simulation's clock and trace. A
 * producer's message that reaches a topic is appended, its key taken from the payload field
 * the topic names; each member of a group reads at the group's rate, handles and commits in
 * the order the group's delivery says. What the nodes draw (partition tapes, each group's
 * cursor, lag) is kept from the log's own trace events.
 */
export class TopicRuntime {
  readonly log: TopicLog;
  readonly #host: TopicHost;
  readonly #topics = new Map<string, TopicRun>();
  readonly #groups = new Map<string, GroupRun>();
  readonly #ready: Promise<void>;
  readonly #unsubscribe: () => void;
  #open = false;
  #disposed = false;

  private constructor(scenario: Scenario, host: TopicHost) {
    this.#host = host;
    this.log = new TopicLog({
      store: host.store ?? new MemoryLogStore(),
      clock: host.clock,
      trace: host.trace,
      name: PLAYGROUND_LOG,
    });
    for (const node of scenario.nodes) {
      if (node.kind === 'topic') {
        this.#topics.set(node.id, {
          node,
          ranges: Array.from({ length: node.partitions }, () => ({ start: 0, end: 0 })),
          recent: Array.from({ length: node.partitions }, () => []),
          appended: 0,
          error: undefined,
        });
      } else if (node.kind === 'group') {
        this.#groups.set(node.id, {
          node,
          members: new Map(),
          committed: new Map(),
          next: 1,
          rate: node.rate,
          handled: 0,
          rebalances: 0,
          error: undefined,
        });
      }
    }
    this.#unsubscribe = host.trace.subscribe((e) => this.#observe(e));
    this.#ready = this.#start();
  }

  /** The runtime of a scenario's topics and groups; none when it has no topic. */
  static create(scenario: Scenario, host: TopicHost): TopicRuntime | undefined {
    return scenario.nodes.some((n) => n.kind === 'topic')
      ? new TopicRuntime(scenario, host)
      : undefined;
  }

  hasTopic(id: string): boolean {
    return this.#topics.has(id);
  }

  /**
   * A producer's message reached the topic: appended with the key its payload carries. Its
   * send's `messageId`, when given, is traced with the record's place (`topic.appended`).
   */
  append(topicId: string, event: string, data: unknown, messageId?: string): void {
    const topic = this.#topics.get(topicId);
    if (topic === undefined) throw new Error(`No topic "${topicId}" in this scenario`);
    const key = keyOf(data, topic.node.keyField);
    this.#whenOpen(() => {
      this.log
        .send(topicId, { event, data, ...(key === undefined ? {} : { key }) })
        .then(
          (at) => {
            topic.error = undefined;
            if (messageId === undefined || this.#disposed) return;
            this.#host.trace.record({
              type: 'topic.appended',
              messageId,
              topic: topicId,
              partition: at.partition,
              offset: at.offset,
              ...(key === undefined ? {} : { key }),
            });
          },
          (error: unknown) => {
            topic.error = errorMessage(error);
          },
        )
        .finally(() => this.#changed());
    });
  }

  /** Another member joins the group: its partitions are shared anew. Returns its id. */
  addMember(groupId: string): string {
    const group = this.#group(groupId);
    const id = `${groupId}-${group.next++}`;
    this.#whenOpen(() => this.#join(group, id));
    return id;
  }

  /**
   * The member leaves (it died): its partitions go to the others, who read them from the
   * group's committed offsets, so what it read and did not commit is read again.
   */
  killMember(groupId: string, memberId: string): void {
    const group = this.#group(groupId);
    const member = group.members.get(memberId);
    if (member === undefined) {
      const live = [...group.members.keys()].join(', ') || 'none';
      throw new Error(`Group "${groupId}" has no member "${memberId}" (members: ${live})`);
    }
    group.members.delete(memberId);
    if (member.timer !== undefined) this.#host.clock.clearTimeout(member.timer);
    void member.consumer.close().finally(() => this.#changed());
  }

  /** Each member reads `rate` records a second from now on (a live edit). */
  setRate(groupId: string, rate: number): void {
    const group = this.#group(groupId);
    group.rate = rate;
    for (const m of group.members.values()) {
      if (m.timer !== undefined) this.#host.clock.clearTimeout(m.timer);
      m.timer = undefined;
      m.credit = 0;
      this.#schedule(group, m);
    }
  }

  /** Members join, or the newest leave, until the group has `members` (a live edit). */
  scale(groupId: string, members: number): void {
    const group = this.#group(groupId);
    const live = [...group.members.keys()];
    for (let n = live.length; n < members; n++) this.addMember(groupId);
    for (const id of live.slice(members).reverse()) this.killMember(groupId, id);
  }

  /** The group's members now, oldest first. */
  members(groupId: string): string[] {
    return [...this.#group(groupId).members.keys()];
  }

  topics(): Record<string, TopicState> {
    const out: Record<string, TopicState> = {};
    for (const [id, t] of this.#topics) {
      out[id] = {
        partitions: t.ranges.map((r, partition) => ({
          partition,
          start: r.start,
          end: r.end,
          recent: [...(t.recent[partition] ?? [])],
        })),
        appended: t.appended,
        groups: [...this.#groups.values()].filter((g) => g.node.topic === id).map((g) => g.node.id),
        error: t.error,
      };
    }
    return out;
  }

  groups(): Record<string, GroupState> {
    const out: Record<string, GroupState> = {};
    for (const [id, g] of this.#groups) {
      const topic = this.#topics.get(g.node.topic);
      const members = [...g.members.values()];
      const positions = (topic?.ranges ?? []).map(({ start, end }, p) => {
        const holder = members.find((m) => m.consumer.assignment.includes(p));
        const fresh = g.node.offsetReset === 'latest' ? end : start;
        const position = holder?.consumer.position(p) ?? g.committed.get(p) ?? fresh;
        return Math.min(end, Math.max(start, position));
      });
      const lag = positions.reduce((sum, at, p) => sum + ((topic?.ranges[p]?.end ?? at) - at), 0);
      out[id] = {
        topic: g.node.topic,
        members: members.map((m) => ({
          id: m.id,
          partitions: m.consumer.assignment,
          handled: m.handled,
        })),
        rate: g.rate,
        positions,
        committed: Object.fromEntries(g.committed),
        lag,
        handled: g.handled,
        rebalances: g.rebalances,
        error: g.error,
      };
    }
    return out;
  }

  dispose(): void {
    this.#disposed = true;
    this.#unsubscribe();
    for (const g of this.#groups.values()) {
      for (const m of g.members.values()) {
        if (m.timer !== undefined) this.#host.clock.clearTimeout(m.timer);
      }
    }
    this.log.close();
  }

  async #start(): Promise<void> {
    for (const t of this.#topics.values()) {
      const maxRecords = t.node.retentionRecords;
      await this.log.createTopic(t.node.id, {
        partitions: t.node.partitions,
        ...(maxRecords === undefined ? {} : { retention: { maxRecords } }),
      });
    }
    this.#open = true;
    for (const g of this.#groups.values()) {
      for (let i = 0; i < g.node.members; i++) this.#join(g, `${g.node.id}-${g.next++}`);
    }
    this.#changed();
  }

  /** Runs `work` once the topics exist: at once when they do, else after, in call order. */
  #whenOpen(work: () => void): void {
    if (this.#open) work();
    else void this.#ready.then(() => !this.#disposed && work());
  }

  #join(g: GroupRun, id: string): void {
    if (this.#disposed) return;
    const reset = g.node.offsetReset;
    const consumer = this.log.consumer(g.node.topic, {
      id,
      group: g.node.id,
      initialOffset: reset,
      offsetReset: reset,
      delivery: g.node.delivery,
    });
    const member: Member = {
      id,
      consumer,
      timer: undefined,
      reading: false,
      credit: 0,
      handled: 0,
    };
    g.members.set(id, member);
    this.#schedule(g, member);
    this.#changed();
  }

  /**
   * The member's polls, at a steady cadence set when each fires (not when its read ends), so
   * how the clock is advanced does not change when they happen. A poll while the last read
   * is still on its way is skipped.
   */
  #schedule(g: GroupRun, m: Member): void {
    const rate = g.rate;
    if (rate <= 0 || this.#disposed) return;
    const every = Math.max(1000 / rate, MIN_POLL_MS);
    const perPoll = (rate * every) / 1000;
    m.timer = this.#host.clock.setTimeout(() => {
      m.timer = undefined;
      if (g.members.get(m.id) !== m) return;
      this.#schedule(g, m);
      if (m.reading) return;
      m.credit += perPoll;
      const max = Math.floor(m.credit + 1e-9);
      m.credit -= max;
      if (max < 1) return;
      m.reading = true;
      const latencyMs: number[] = [];
      const records: { partition: number; offset: number }[] = [];
      m.consumer
        .consume((r) => {
          m.handled++;
          g.handled++;
          records.push({ partition: r.partition, offset: r.offset });
          // appended when it reached the topic, one hop after its producer sent it
          latencyMs.push(this.#host.clock.now() - r.timestamp + (this.#host.hopMs ?? 0));
        }, max)
        .then(
          () => {
            g.error = undefined;
            if (latencyMs.length === 0) return;
            this.#host.trace.record({
              type: 'group.handled',
              group: g.node.id,
              member: m.id,
              topic: g.node.topic,
              count: latencyMs.length,
              latencyMs,
              records,
            });
          },
          (error: unknown) => {
            // a member closed while it read is no error of the group's
            if (g.members.get(m.id) === m) g.error = errorMessage(error);
          },
        )
        .finally(() => {
          m.reading = false;
          this.#changed();
        });
    }, every);
  }

  #observe(e: TraceEvent): void {
    if (!('log' in e) || e.log !== PLAYGROUND_LOG) return;
    switch (e.type) {
      case 'log.produced': {
        const t = this.#topics.get(e.topic);
        const range = t?.ranges[e.partition];
        if (t === undefined || range === undefined) return;
        range.end = Math.max(range.end, e.lastOffset + 1);
        t.appended += e.lastOffset - e.baseOffset + 1;
        const recent = t.recent[e.partition] ?? [];
        recent.push({ offset: e.baseOffset, key: e.key, event: e.event, timestamp: e.at });
        if (recent.length > RECENT_RECORDS) recent.shift();
        return;
      }
      case 'log.retention-applied': {
        const t = this.#topics.get(e.topic);
        const range = t?.ranges[e.partition];
        if (t === undefined || range === undefined) return;
        range.start = Math.max(range.start, e.start);
        t.recent[e.partition] = (t.recent[e.partition] ?? []).filter((r) => r.offset >= e.start);
        return;
      }
      case 'log.committed':
        this.#groups.get(e.group)?.committed.set(e.partition, e.offset);
        return;
      case 'log.rebalanced': {
        const g = this.#groups.get(e.group);
        if (g !== undefined) g.rebalances = e.generation;
        return;
      }
      default:
        return;
    }
  }

  #group(id: string): GroupRun {
    const g = this.#groups.get(id);
    if (g === undefined) throw new Error(`No consumer group "${id}" in this scenario`);
    return g;
  }

  #changed(): void {
    if (!this.#disposed) this.#host.changed();
  }
}

/**
 * The record's key: the payload's `field` (a dotted path: `customer.id`) as text, when it is
 * a string, number or boolean; otherwise none, and the record goes round-robin. Own
 * properties only: a field named `constructor` reads nothing from a prototype.
 */
export function keyOf(data: unknown, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  let at: unknown = data;
  for (const part of field.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' || typeof at === 'number' || typeof at === 'boolean'
    ? String(at)
    : undefined;
}
