/**
 * Helpers shared by the durable log benchmarks (logAppend, logReplay, logMemory): the
 * records, fresh database names, plain IndexedDB promises, and rows from timed rounds.
 */

import { requestResult } from '../src/storage/idbRequest';
import type { LogRecordInput } from '../src/storage/LogStore';
import type { ThroughputRow } from './types';

export const TOPIC = 'accounts';
export const START_BALANCE = 1000;

export type AccountEvent = 'account.deposited' | 'account.withdrawn';

/** The i-th event: a deposit, or every third a withdrawal; about 100 bytes of JSON. */
export function accountRecord(i: number, timestamp: number): LogRecordInput {
  const withdraw = i % 3 === 2;
  const event: AccountEvent = withdraw ? 'account.withdrawn' : 'account.deposited';
  const amount = withdraw ? 1 + ((i * 13) % 40) : 1 + ((i * 7) % 50);
  return {
    timestamp,
    event,
    data: { account: `acc-${String(i % 10_000).padStart(4, '0')}`, amount },
  };
}

/** The balance after applying records 0 .. count-1 to START_BALANCE, computed directly. */
export function expectedBalance(count: number): number {
  let balance = START_BALANCE;
  for (let i = 0; i < count; i++) {
    balance += i % 3 === 2 ? -(1 + ((i * 13) % 40)) : 1 + ((i * 7) % 50);
  }
  return balance;
}

/** Names no earlier run (or a concurrent one) uses. */
export function freshName(what: string): string {
  return `bench-${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

// the store's own promises over plain IndexedDB, for the raw variants too
export { requestResult as requestDone, transactionDone } from '../src/storage/idbRequest';

/** Opens `name`; with `store`, creates it (out-of-line keys) in a new database. */
export function openDatabase(name: string, store?: string): Promise<IDBDatabase> {
  const request = store === undefined ? indexedDB.open(name) : indexedDB.open(name, 1);
  if (store !== undefined) {
    request.onupgradeneeded = () => request.result.createObjectStore(store);
  }
  return requestResult(request);
}

/**
 * Deletes a database. A connection closed a moment ago may still finish its transactions, so
 * "blocked" is waited out; still blocked after 10 s, it rejects.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
    request.onblocked = () => {
      timer = setTimeout(
        () => reject(new Error(`deleting ${name}: still blocked by an open connection after 10 s`)),
        10_000,
      );
    };
  });
}

/** One task's timed rounds: how many operations each round did, in how many ms. */
export interface Timed {
  readonly ops: number;
  readonly ms: number;
}

/**
 * Rounds into a throughput row: ops/s = all ops / all time; rme from the spread of the
 * per-round rates (Student's t, 95%), since a round is one long sample here.
 */
export function roundsRow(name: string, rounds: readonly Timed[]): ThroughputRow {
  const rates = rounds.map((r) => (1000 * r.ops) / r.ms);
  const n = rates.length;
  const mean = rates.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const t = [0, 12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26][n - 1] ?? 2;
  const ops = rounds.reduce((a, r) => a + r.ops, 0);
  const ms = rounds.reduce((a, r) => a + r.ms, 0);
  return {
    kind: 'throughput',
    name,
    opsPerSec: (1000 * ops) / ms,
    rmePercent: mean > 0 ? (100 * t * sd) / Math.sqrt(n) / mean : 0,
    samples: n,
    perRound: rates,
  };
}

export const count = (n: number): string => n.toLocaleString('en-US');

export const perSec = (n: number): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: 0 });

export const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
