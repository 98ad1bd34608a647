import { isQuotaError, LogStoreError } from '../../storage/errors';
import type { LogRecord, LogStore } from '../../storage/LogStore';
import type { Clock, TimerId } from '../clock';
import { errorMessage } from '../errors';
import { exportJsonLines } from '../log/jsonLines';
import { TopicLog } from '../log/TopicLog';
import type { Rng } from '../rng';
import type { Trace } from '../trace';
import {
  ACCOUNT_EVENTS,
  type Account,
  type AccountEvent,
  amountSchema,
  applyToAccount,
  openAccount,
} from './account';

/** The account's log: one partition, so its events keep their order. */
export const REPLAY_TOPIC = 'account';
/** The replayed account's position is this group's committed offset: it survives a reload. */
export const REPLAY_GROUP = 'replayed-account';
/** Replay speeds, in events a second; 0 applies as fast as the store reads. */
export const REPLAY_RATES = [1, 4, 16, 0] as const;
/** Records the tape shows at once: a page around the replay cursor or the log's end. */
export const TAPE_PAGE = 24;
/**
 * Records read a call when replaying at full speed: 50 segments of 512 (about 5 MB of JSON).
 * Each read lets a frame of the page run before the next, so reads are large (10,240 a read
 * ran at 39% of a bare read, bench/replayLab.driver.mjs), and FAST_AHEAD of them are asked
 * for at once: the store fetches the next ones while this one is applied, instead of the
 * page waiting for each in turn (two in flight ran at 71-96% of the bare read, four at
 * 100-115%, eight of 12,800 at 80-82%; bench/RESULTS.md).
 */
const FAST_BATCH = 25_600;
/** Reads in flight while replaying at full speed (at most this many batches held at once). */
const FAST_AHEAD = 4;
/** Records of a full-speed batch kept for the animation, spread over it. */
const SAMPLE_PER_BATCH = 6;
/** Records the animation's sample holds at most: the newest of the run. */
const SAMPLE_SIZE = 24;
/** Records read ahead while replaying at a set pace. */
const PACED_BATCH = 64;

export type ReplayStatus = 'idle' | 'playing' | 'paused' | 'done';

export interface ReplayState {
  readonly account: Account;
  /** the next offset to apply (records before it are applied) */
  readonly position: number;
  readonly status: ReplayStatus;
  /** events a second; 0: as fast as the store reads */
  readonly rate: number;
  /** the last record applied */
  readonly last: LogRecord | undefined;
  /**
   * Records for the animation, oldest first, newest of the run last: each record applied
   * when paced or stepped; at full speed a few spread over each batch (one chip a record
   * would be a blur, and most of a 100,000-record replay lands between two frames).
   */
  readonly sample: readonly LogRecord[];
  /** what the replay applied, newest first: one line a record, or one a full-speed batch */
  readonly journal: readonly JournalEntry[];
}

export interface JournalEntry {
  readonly fromOffset: number;
  readonly toOffset: number;
  /** the record's event, or how many a batch applied */
  readonly event: string;
  readonly data: unknown;
  readonly balance: number;
}

/** Lines the journal keeps. */
const JOURNAL_SIZE = 12;

export interface ReplayLabSnapshot {
  /** grows on every change */
  readonly version: number;
  readonly live: Account;
  /** records stored: the log's end offset */
  readonly logEnd: number;
  /** operations sent and not confirmed stored yet */
  readonly pending: number;
  readonly replay: ReplayState;
  /** a page of the log around the replay cursor (or the end), oldest first */
  readonly tape: { readonly from: number; readonly records: readonly LogRecord[] };
  /** the last write or read that failed, as a person should read it */
  readonly error: string | undefined;
  /** what the store dropped as damaged when it opened */
  readonly recovered: readonly string[];
}

export interface ReplayLabOptions {
  readonly store: LogStore;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly trace?: Trace;
}

/** An account and the last record applied to it. */
interface Folded {
  readonly account: Account;
  readonly last: LogRecord | undefined;
}

export class ReplayLabError extends Error {
  override name = 'ReplayLabError';
}

/**
 * Course task 5 on the durable log: every operation on the account is appended to the log
 * before it counts; a second, NEW account opens with the same 1000 UAH and is rebuilt by
 * reading the log back through the same listener, without appending anything (that would
 * loop). Both accounts are rebuilt from the log when the page opens: the log is the
 * database.
 *
 * Replay calls run one at a time (a mailbox), so a step, a scrub and a running replay never
 * interleave; a pause stops a running replay between two records.
 */
export class ReplayLab {
  readonly #store: LogStore;
  readonly #log: TopicLog;
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #trace: Trace | undefined;
  readonly #listeners = new Set<() => void>();
  #snapshot: ReplayLabSnapshot;
  #pendingWithdrawals = 0;
  #mailbox: Promise<unknown> = Promise.resolve();
  /** a replay run's ticket: a pause or a scrub takes a new one, and the old run stops */
  #run = 0;
  #timer: TimerId | undefined;
  /** records read ahead for a paced replay, from `#buffer[0].offset` */
  #buffer: LogRecord[] = [];
  /** the newest tape read wins; an older one landing late is dropped */
  #tapeRead = 0;
  #opId = 0;
  #disposed = false;

  private constructor(options: ReplayLabOptions, log: TopicLog) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#rng = options.rng;
    this.#trace = options.trace;
    this.#log = log;
    this.#snapshot = {
      version: 0,
      live: openAccount(),
      logEnd: 0,
      pending: 0,
      replay: {
        account: openAccount(),
        position: 0,
        status: 'idle',
        rate: 1,
        last: undefined,
        sample: [],
        journal: [],
      },
      tape: { from: 0, records: [] },
      error: undefined,
      recovered: options.store.recovered.map(
        (d) => `Offsets ${d.fromOffset}–${d.toOffset} were damaged and dropped: ${d.reason}`,
      ),
    };
  }

  /** Opens the lab on `store`: the live account and the replayed one as the log has them. */
  static async open(options: ReplayLabOptions): Promise<ReplayLab> {
    const log = await TopicLog.open({
      store: options.store,
      clock: options.clock,
      name: 'replay',
      ...(options.trace ? { trace: options.trace } : {}),
    });
    await log.createTopic(REPLAY_TOPIC, { partitions: 1 });
    const lab = new ReplayLab(options, log);
    await lab.#restore();
    return lab;
  }

  get snapshot(): ReplayLabSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  deposit(amount: number): Promise<LogRecord> {
    return this.#operate(ACCOUNT_EVENTS.deposited, amount);
  }

  withdraw(amount: number): Promise<LogRecord> {
    return this.#operate(ACCOUNT_EVENTS.withdrawn, amount);
  }

  /**
   * `count` random operations in batches of `batch` (one transaction each), as a busy day
   * would write them; withdrawals never take the balance below zero. Resolves with the
   * records stored; a batch that fails stops the rest and rejects (what was stored stays).
   */
  async burst(count: number, batch = 100): Promise<number> {
    let stored = 0;
    let balance = this.#available();
    while (stored < count) {
      const n = Math.min(batch, count - stored);
      const ops = [];
      for (let i = 0; i < n; i++) {
        const amount = this.#rng.int(1, 50) * 10;
        const withdraw = balance - amount >= 0 && this.#rng.chance(0.4);
        balance += withdraw ? -amount : amount;
        ops.push({
          event: withdraw ? ACCOUNT_EVENTS.withdrawn : ACCOUNT_EVENTS.deposited,
          data: { id: this.#newId(), amount },
        });
      }
      await this.#append(ops);
      stored += n;
    }
    return stored;
  }

  /** Replays from the current position to the log's end as it is now, `rate` a second. */
  play(rate: number = this.#snapshot.replay.rate): void {
    const run = ++this.#run;
    this.#clearTimer();
    void this.#exclusive(async () => {
      if (run !== this.#run) return;
      const { position } = this.#snapshot.replay;
      if (position >= this.#snapshot.logEnd) {
        this.#setReplay({ status: 'done', rate });
        return;
      }
      this.#setReplay({ status: 'playing', rate });
      if (rate === 0) await this.#runFast(run);
      else this.#schedule(run);
    });
  }

  /** The replay's speed; a running replay goes on at the new one. */
  setRate(rate: number): void {
    if (!REPLAY_RATES.some((r) => r === rate)) {
      throw new ReplayLabError(`Replay speed ${rate} is not one of ${REPLAY_RATES.join(', ')}`);
    }
    if (this.#snapshot.replay.status === 'playing') this.play(rate);
    else this.#setReplay({ rate });
  }

  pause(): void {
    this.#run++;
    this.#clearTimer();
    if (this.#snapshot.replay.status === 'playing') this.#setReplay({ status: 'paused' });
  }

  /** Applies exactly one record to the replayed account (pausing a running replay). */
  step(): Promise<void> {
    this.pause();
    return this.#exclusive(async () => {
      const applied = await this.#applyNext();
      this.#setReplay({ status: applied && !this.#atEnd() ? 'paused' : 'done' });
    });
  }

  /** The replayed account as of `offset`: every record before it applied, none after. */
  scrubTo(offset: number): Promise<void> {
    this.pause();
    return this.#exclusive(async () => {
      const to = Math.max(0, Math.min(Math.round(offset), this.#snapshot.logEnd));
      const { account, last } = await this.#fold(to, 'scrub');
      this.#buffer = [];
      this.#setReplay(
        {
          account,
          position: to,
          last,
          sample: [],
          status: to >= this.#snapshot.logEnd ? 'done' : 'paused',
          journal: [],
        },
        true,
      );
      await this.#commitPosition();
      await this.#loadTape();
    });
  }

  /** A NEW account again: 1000 UAH, nothing applied. */
  restart(): Promise<void> {
    this.pause();
    return this.#exclusive(async () => {
      this.#buffer = [];
      this.#setReplay(
        {
          account: openAccount(),
          position: 0,
          last: undefined,
          sample: [],
          status: 'idle',
          journal: [],
        },
        true,
      );
      await this.#commitPosition();
      await this.#loadTape();
    });
  }

  /** The log as JSON lines in the course's format, a chunk at a time (logs of any size). */
  exportLines(): AsyncGenerator<string> {
    return exportJsonLines(this.#log, REPLAY_TOPIC);
  }

  /** Every stored record (the test API). */
  async records(): Promise<LogRecord[]> {
    const out: LogRecord[] = [];
    for await (const batch of this.#log.scan(REPLAY_TOPIC, 0)) out.push(...batch);
    return out;
  }

  dismissError(): void {
    this.#update({ error: undefined });
  }

  dispose(): void {
    this.#disposed = true;
    this.#run++;
    this.#clearTimer();
    this.#log.close();
    this.#listeners.clear();
  }

  async #restore(): Promise<void> {
    const { end } = await this.#store.range(REPLAY_TOPIC, 0);
    const committed = (await this.#store.committed(REPLAY_GROUP, REPLAY_TOPIC, 0)) ?? 0;
    const position = Math.min(committed, end);
    // one read of the log rebuilds both: the replayed account is the live one part of the way
    const live = await this.#fold(end, 'open', 'live', position);
    const replayed = live.marked;
    this.#record({
      type: 'account.rebuilt',
      account: 'replayed',
      fromOffset: 0,
      toOffset: position,
      balance: replayed.account.balance,
      reason: 'open',
    });
    this.#update({
      live: live.account,
      logEnd: end,
      replay: {
        account: replayed.account,
        position,
        last: replayed.last,
        sample: [],
        rate: 1,
        status: position === 0 ? 'idle' : position >= end ? 'done' : 'paused',
        journal: [],
      },
    });
    await this.#loadTape();
  }

  async #operate(event: AccountEvent, amount: number): Promise<LogRecord> {
    const parsed = amountSchema.safeParse(amount);
    if (!parsed.success) this.#refuse(event, parsed.error.issues[0]?.message ?? 'Invalid amount');
    if (event === ACCOUNT_EVENTS.withdrawn && amount > this.#available()) {
      this.#refuse(
        event,
        `Insufficient funds: ${this.#available()} UAH available, ${amount} UAH asked`,
      );
    }
    const [record] = await this.#append([{ event, data: { id: this.#newId(), amount } }]);
    return record as LogRecord;
  }

  /** Appends; the live account counts an operation only once the store confirms it. */
  async #append(ops: readonly { event: AccountEvent; data: { id: string; amount: number } }[]) {
    const withdrawing = ops.reduce(
      (sum, op) => sum + (op.event === ACCOUNT_EVENTS.withdrawn ? op.data.amount : 0),
      0,
    );
    this.#pendingWithdrawals += withdrawing;
    this.#update({ pending: this.#snapshot.pending + ops.length });
    try {
      const metas = await this.#log.sendBatch(REPLAY_TOPIC, ops);
      const records: LogRecord[] = metas.map((m, i) => ({
        offset: m.offset,
        timestamp: m.timestamp,
        event: ops[i]?.event as string,
        data: ops[i]?.data,
      }));
      let live = this.#snapshot.live;
      for (const r of records) {
        live = applyToAccount(live, r.event, r.data);
        this.#record({
          type: 'account.applied',
          account: 'live',
          offset: r.offset,
          event: r.event,
          balance: live.balance,
        });
      }
      const logEnd = Math.max(this.#snapshot.logEnd, (records.at(-1)?.offset ?? -1) + 1);
      this.#update({ live, logEnd, tape: this.#tapeWith(records, logEnd), error: undefined });
      return records;
    } catch (error) {
      this.#update({ error: describeStoreError(error) });
      throw error;
    } finally {
      this.#pendingWithdrawals -= withdrawing;
      this.#update({ pending: this.#snapshot.pending - ops.length });
    }
  }

  #available(): number {
    return this.#snapshot.live.balance - this.#pendingWithdrawals;
  }

  #refuse(event: string, reason: string): never {
    this.#record({ type: 'account.refused', event, reason });
    throw new ReplayLabError(reason);
  }

  #newId(): string {
    // a random prefix per open page, so ids stay unique across reloads
    this.#opId += 1;
    return `op-${this.#rng.int(0, 0xffff_ffff).toString(36)}-${this.#opId}`;
  }

  #schedule(run: number): void {
    const every = 1000 / this.#snapshot.replay.rate;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#exclusive(async () => {
        if (run !== this.#run) return;
        await this.#applyNext();
        if (run !== this.#run) return;
        if (this.#atEnd()) this.#setReplay({ status: 'done' });
        else this.#schedule(run);
      });
    }, every);
  }

  /**
   * Full speed: batches straight from the store, FAST_AHEAD reads in flight, the state and
   * position once a batch. The reads are asked for by offset before the earlier ones land
   * (the log is gapless); a batch that does not start where the last ended drops the reads
   * ahead and asks again from there.
   */
  async #runFast(run: number): Promise<void> {
    let { account, position } = this.#snapshot.replay;
    const from = position;
    // up to the end as it was when the replay started; stopping there saves the read that
    // would find nothing (each read is a turn of the event loop, a frame of the page)
    const end = this.#snapshot.logEnd;
    let sample: LogRecord[] = [];
    const ahead: Promise<LogRecord[]>[] = [];
    let asked = position;
    const askAhead = () => {
      while (ahead.length < FAST_AHEAD && asked < end) {
        const n = Math.min(FAST_BATCH, end - asked);
        ahead.push(this.#store.read(REPLAY_TOPIC, 0, asked, n));
        asked += n;
      }
    };
    const dropAhead = () => {
      for (const read of ahead.splice(0)) read.catch(() => undefined);
    };
    askAhead();
    try {
      while (ahead.length > 0) {
        const batch = await (ahead.shift() as Promise<LogRecord[]>);
        if (run !== this.#run || this.#disposed || batch.length === 0) break;
        if (batch[0]?.offset !== position) {
          dropAhead();
          asked = position;
          askAhead();
          continue;
        }
        askAhead();
        for (const r of batch) account = applyToAccount(account, r.event, r.data);
        position = (batch.at(-1)?.offset ?? position - 1) + 1;
        sample = [...sample, ...spread(batch, SAMPLE_PER_BATCH)].slice(-SAMPLE_SIZE);
        this.#buffer = [];
        const first = batch[0]?.offset ?? position;
        this.#setReplay({
          account,
          position,
          last: batch.at(-1),
          sample,
          journal: this.#journal({
            fromOffset: first,
            toOffset: position - 1,
            event: `${batch.length} records`,
            data: undefined,
            balance: account.balance,
          }),
        });
        if (position >= end) break;
      }
    } finally {
      dropAhead();
    }
    this.#record({
      type: 'account.rebuilt',
      account: 'replayed',
      fromOffset: from,
      toOffset: position,
      balance: account.balance,
      reason: 'replay',
    });
    if (run === this.#run) this.#setReplay({ status: this.#atEnd() ? 'done' : 'paused' });
    // one durable commit for the run, not one a batch, after the state is shown: a strict
    // commit waits for the disk, and a reload in that moment only replays the run again
    await this.#commitPosition();
    await this.#loadTape();
  }

  async #applyNext(): Promise<boolean> {
    const { account, position } = this.#snapshot.replay;
    if (position >= this.#snapshot.logEnd) return false;
    const first = this.#buffer[0];
    if (first === undefined || first.offset !== position) {
      this.#buffer = await this.#store.read(REPLAY_TOPIC, 0, position, PACED_BATCH);
    }
    const record = this.#buffer.shift();
    if (record === undefined) return false;
    const next = applyToAccount(account, record.event, record.data);
    this.#setReplay({
      account: next,
      position: record.offset + 1,
      last: record,
      sample: [...this.#snapshot.replay.sample, record].slice(-SAMPLE_SIZE),
      journal: this.#journal({
        fromOffset: record.offset,
        toOffset: record.offset,
        event: record.event,
        data: record.data,
        balance: next.balance,
      }),
    });
    this.#record({
      type: 'account.applied',
      account: 'replayed',
      offset: record.offset,
      event: record.event,
      balance: next.balance,
    });
    await this.#commitPosition();
    if (record.offset + 1 >= this.#snapshot.tape.from + TAPE_PAGE) await this.#loadTape();
    return true;
  }

  /**
   * The account after the records before `to`, read from offset 0; with `mark`, also the
   * account as it was after the records before `mark` (on the way, with no second read).
   */
  async #fold(
    to: number,
    reason: 'scrub' | 'open',
    which: 'live' | 'replayed' = 'replayed',
    mark = to,
  ): Promise<Folded & { marked: Folded }> {
    let account = openAccount();
    let last: LogRecord | undefined;
    let marked: Folded = { account, last };
    if (to > 0) {
      for await (const batch of this.#log.scan(REPLAY_TOPIC, 0, 0, FAST_BATCH)) {
        for (const r of batch) {
          if (r.offset >= to) break;
          account = applyToAccount(account, r.event, r.data);
          last = r;
          if (r.offset + 1 === mark) marked = { account, last };
        }
        if ((batch.at(-1)?.offset ?? to) + 1 >= to) break;
      }
    }
    this.#record({
      type: 'account.rebuilt',
      account: which,
      fromOffset: 0,
      toOffset: to,
      balance: account.balance,
      reason,
    });
    return { account, last, marked };
  }

  #commitPosition(): Promise<void> {
    return this.#store
      .commit(REPLAY_GROUP, REPLAY_TOPIC, 0, this.#snapshot.replay.position)
      .catch((error: unknown) => {
        this.#update({ error: describeStoreError(error) });
      });
  }

  #journal(entry: JournalEntry): JournalEntry[] {
    return [entry, ...this.#snapshot.replay.journal.slice(0, JOURNAL_SIZE - 1)];
  }

  #atEnd(): boolean {
    return this.#snapshot.replay.position >= this.#snapshot.logEnd;
  }

  /** The tape's page: where the replay cursor is, or the end when no replay runs. */
  async #loadTape(): Promise<void> {
    const read = ++this.#tapeRead;
    const { position, status } = this.#snapshot.replay;
    const focus = status === 'idle' ? this.#snapshot.logEnd : position;
    const from = Math.floor(Math.max(0, focus - 1) / TAPE_PAGE) * TAPE_PAGE;
    const records = await this.#store.read(REPLAY_TOPIC, 0, from, TAPE_PAGE);
    if (read === this.#tapeRead) this.#update({ tape: { from, records } });
  }

  /** New records join the tape when it shows the log's last page; a full page moves on. */
  #tapeWith(records: readonly LogRecord[], logEnd: number): ReplayLabSnapshot['tape'] {
    const tape = this.#snapshot.tape;
    if (this.#snapshot.replay.status !== 'idle') return tape;
    const from = Math.floor(Math.max(0, logEnd - 1) / TAPE_PAGE) * TAPE_PAGE;
    const kept = from === tape.from ? tape.records : [];
    const fresh = records.filter((r) => r.offset >= from && r.offset < from + TAPE_PAGE);
    const merged = [...kept, ...fresh].sort((a, b) => a.offset - b.offset);
    return { from, records: merged };
  }

  #setReplay(patch: Partial<ReplayState>, force = false): void {
    const before = this.#snapshot.replay;
    const replay = { ...before, ...patch };
    this.#update({ replay });
    if (force || replay.status !== before.status || replay.rate !== before.rate) {
      this.#record({
        type: 'replay.state-changed',
        status: replay.status,
        position: replay.position,
        rate: replay.rate,
      });
    }
  }

  #update(patch: Partial<Omit<ReplayLabSnapshot, 'version'>>): void {
    if (this.#disposed) return;
    this.#snapshot = { ...this.#snapshot, ...patch, version: this.#snapshot.version + 1 };
    for (const listener of this.#listeners) listener();
  }

  #record(body: Parameters<Trace['record']>[0]): void {
    if (this.#trace?.active) this.#trace.record(body);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#mailbox.then(work);
    this.#mailbox = next.catch(() => undefined);
    return next;
  }
}

/** `n` records spread evenly over `batch`, its last one included. */
function spread(batch: readonly LogRecord[], n: number): LogRecord[] {
  if (batch.length <= n) return [...batch];
  const step = batch.length / n;
  return Array.from({ length: n }, (_, i) => batch[Math.ceil((i + 1) * step) - 1] as LogRecord);
}

/** A store failure as a person should read it; a full disk says so. */
function describeStoreError(error: unknown): string {
  if (isQuotaError(error) || (error instanceof LogStoreError && error.code === 'quota-exceeded')) {
    return 'The browser’s storage for this site is full: the operation was not stored, and the log stays as it was. Free some space (or clear old labs) and try again.';
  }
  return `Storage failed: ${errorMessage(error)}`;
}
