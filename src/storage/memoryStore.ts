import { checkOffset, checkPartition, partitionKey, prepareWrite } from './checks';
import { LogStoreError, OffsetOutOfRangeError } from './errors';
import type {
  AppendRequest,
  AppendResult,
  LogRecord,
  LogRecordInput,
  LogStore,
  LogStoreStats,
  OffsetCommit,
  PartitionRange,
  TopicConfig,
} from './LogStore';
import { decodeRecord } from './recordCodec';

interface MemoryPartition {
  readonly topic: string;
  readonly partition: number;
  start: number;
  /** lines[i] holds offset start + i, encoded as the IndexedDB store encodes it */
  lines: string[];
  timestamps: number[];
  bytes: number;
}

export interface MemoryLogStoreOptions {
  /** refuse appends past this many bytes of JSON, as a full disk would (default: no limit) */
  readonly maxBytes?: number;
}

/**
 * The log in memory: the reference the IndexedDB store is held to by the contract suite,
 * and the store for tests and for labs that need not survive a reload.
 */
export class MemoryLogStore implements LogStore {
  readonly recovered = [];
  /** settable, so a test can make the "disk" full at a chosen moment */
  maxBytes: number;
  readonly #partitions = new Map<string, MemoryPartition>();
  readonly #offsets = new Map<string, number>();
  readonly #topics = new Map<string, TopicConfig>();
  #closed = false;
  #transactions = 0;
  #writes = 0;

  constructor(options: MemoryLogStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  async append(topic: string, partition: number, records: readonly LogRecordInput[]) {
    const [result] = await this.commitWith([], [{ topic, partition, records }]);
    // commitWith returns one result per output
    return result as AppendResult;
  }

  async read(topic: string, partition: number, fromOffset: number, maxRecords: number) {
    this.#open();
    checkPartition(topic, partition);
    checkOffset('fromOffset', fromOffset);
    const p = this.#partitions.get(partitionKey(topic, partition));
    if (p === undefined) return [];
    if (fromOffset < p.start)
      throw new OffsetOutOfRangeError(topic, partition, fromOffset, p.start);
    const from = fromOffset - p.start;
    const out: LogRecord[] = [];
    for (let i = from; i < p.lines.length && out.length < maxRecords; i++) {
      out.push(decodeRecord(p.lines[i] as string, p.start + i));
    }
    return out;
  }

  async offsetForTime(topic: string, partition: number, time: number) {
    this.#open();
    checkPartition(topic, partition);
    const p = this.#partitions.get(partitionKey(topic, partition));
    if (p === undefined) return 0;
    const i = p.timestamps.findIndex((t) => t >= time);
    return i === -1 ? p.start + p.lines.length : p.start + i;
  }

  async range(topic: string, partition: number): Promise<PartitionRange> {
    this.#open();
    checkPartition(topic, partition);
    const p = this.#partitions.get(partitionKey(topic, partition));
    return p === undefined
      ? { start: 0, end: 0 }
      : { start: p.start, end: p.start + p.lines.length };
  }

  async commit(group: string, topic: string, partition: number, offset: number) {
    await this.commitWith([{ group, topic, partition, offset }], []);
  }

  async committed(group: string, topic: string, partition: number) {
    this.#open();
    return this.#offsets.get(`${group}\u0000${partitionKey(topic, partition)}`);
  }

  async commitWith(commits: readonly OffsetCommit[], outputs: readonly AppendRequest[]) {
    this.#open();
    const write = prepareWrite(commits, outputs);
    const adding = write.outputs
      .flatMap((o) => o.lines)
      .reduce((sum, line) => sum + line.length, 0);
    // a full store takes no write at all, an offset commit included, as a full disk
    const bytes = this.#bytes();
    if (bytes >= this.maxBytes || bytes + adding > this.maxBytes) {
      throw new LogStoreError(
        'quota-exceeded',
        'Storage is full (quota exceeded): the write was rejected and the stored log is unchanged',
      );
    }
    this.#transactions++;
    this.#writes += commits.length + outputs.length;
    for (const c of write.commits) {
      this.#offsets.set(`${c.group}\u0000${partitionKey(c.topic, c.partition)}`, c.offset);
    }
    return write.outputs.map(({ topic, partition, lines, timestamps }) => {
      const p = this.#partition(topic, partition);
      const baseOffset = p.start + p.lines.length;
      p.lines.push(...lines);
      p.timestamps.push(...timestamps);
      p.bytes += lines.reduce((sum, line) => sum + line.length, 0);
      return { baseOffset, lastOffset: baseOffset + lines.length - 1 };
    });
  }

  async truncateBefore(topic: string, partition: number, offset: number) {
    this.#open();
    checkPartition(topic, partition);
    checkOffset('A truncation offset', offset);
    const p = this.#partitions.get(partitionKey(topic, partition));
    if (p === undefined) return 0;
    const drop = Math.min(Math.max(offset - p.start, 0), p.lines.length);
    if (drop === 0) return 0;
    p.bytes -= p.lines.slice(0, drop).reduce((sum, line) => sum + line.length, 0);
    p.lines = p.lines.slice(drop);
    p.timestamps = p.timestamps.slice(drop);
    p.start += drop;
    return drop;
  }

  async saveTopic(config: TopicConfig) {
    this.#open();
    this.#topics.set(config.name, structuredClone(config));
  }

  async topics() {
    this.#open();
    return [...this.#topics.values()].map((c) => structuredClone(c));
  }

  async stats(): Promise<LogStoreStats> {
    this.#open();
    const partitions = [...this.#partitions.values()].map((p) => ({
      topic: p.topic,
      partition: p.partition,
      start: p.start,
      end: p.start + p.lines.length,
      segments: p.lines.length,
      bytes: p.bytes,
    }));
    return {
      partitions,
      records: partitions.reduce((sum, p) => sum + p.end - p.start, 0),
      bytes: this.#bytes(),
      transactions: this.#transactions,
      writes: this.#writes,
    };
  }

  async close() {
    this.#closed = true;
  }

  #partition(topic: string, partition: number): MemoryPartition {
    const key = partitionKey(topic, partition);
    let p = this.#partitions.get(key);
    if (p === undefined) {
      p = { topic, partition, start: 0, lines: [], timestamps: [], bytes: 0 };
      this.#partitions.set(key, p);
    }
    return p;
  }

  #bytes(): number {
    let sum = 0;
    for (const p of this.#partitions.values()) sum += p.bytes;
    return sum;
  }

  #open(): void {
    if (this.#closed) throw new LogStoreError('closed', 'The log store is closed');
  }
}
