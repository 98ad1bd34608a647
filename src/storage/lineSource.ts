import type { LogRecordInput } from './LogStore';
import { encodeStored, normalizeRecord, type StoredLine } from './recordCodec';

/** Records taken into a segment at once: their JSON joined by commas. */
export interface LineRun {
  readonly text: string;
  readonly count: number;
  readonly maxTimestamp: number;
}

/** One append's records as a segment draft takes them, run by run. */
export interface LineSource {
  readonly length: number;
  /** code units of JSON with a comma a record, when known before the run (encoded records) */
  readonly bytes: number | undefined;
  /**
   * Records from `from` on, at most `maxCount`, while the JSON taken so far (a comma before
   * each record, the first one too when `comma`) is under `budget` code units: as a segment
   * fills, the record that crosses its byte limit is the last it takes.
   */
  take(from: number, maxCount: number, budget: number, comma: boolean): LineRun;
}

/** Records encoded at the call (a write queued behind a transaction in flight). */
export function encodedLines(lines: readonly string[], timestamps: readonly number[]): LineSource {
  let bytes = 0;
  for (const line of lines) bytes += line.length + 1;
  return {
    length: lines.length,
    bytes,
    take(from, maxCount, budget, comma) {
      let used = 0;
      let maxTimestamp = Number.NEGATIVE_INFINITY;
      let i = from;
      while (i < lines.length && i - from < maxCount && used < budget) {
        used += (lines[i] as string).length + (comma || i > from ? 1 : 0);
        maxTimestamp = Math.max(maxTimestamp, timestamps[i] as number);
        i++;
      }
      return { text: lines.slice(from, i).join(','), count: i - from, maxTimestamp };
    },
  };
}

/**
 * Records encoded as a segment takes them: one JSON.stringify of the run's records (not one
 * a record, then a join), and encoded while the previous segment is already on its way to
 * the browser's storage. Only for a write that is its transaction alone and is built while
 * its caller waits (nothing in flight): a bad record throws out of the draft and aborts that
 * transaction, so it refuses its own call and nothing else.
 */
export function lazyLines(records: readonly LogRecordInput[]): LineSource {
  // once a run's JSON came out longer than the segment's byte budget, records are large:
  // encode one by one from then on rather than stringify runs twice
  let oneByOne = false;
  return {
    length: records.length,
    bytes: undefined,
    take(from, maxCount, budget, comma) {
      const end = Math.min(records.length, from + maxCount);
      if (!oneByOne) {
        const stored: StoredLine[] = [];
        let maxTimestamp = Number.NEGATIVE_INFINITY;
        for (let i = from; i < end; i++) {
          const line = normalizeRecord(records[i] as LogRecordInput);
          maxTimestamp = Math.max(maxTimestamp, line.timestamp);
          stored.push(line);
        }
        let json: string | undefined;
        try {
          json = JSON.stringify(stored);
        } catch {
          // data that is not JSON: encoding the records one by one names the record
        }
        // whole run under the budget: each record was under it when taken, as one by one
        if (json !== undefined && json.length - 2 + (comma ? 1 : 0) <= budget) {
          // JSON of an array is its elements' JSON joined by commas, in brackets
          return { text: json.slice(1, -1), count: end - from, maxTimestamp };
        }
        oneByOne = json !== undefined;
      }
      const lines: string[] = [];
      let used = 0;
      let maxTimestamp = Number.NEGATIVE_INFINITY;
      for (let i = from; i < end && used < budget; i++) {
        const stored = normalizeRecord(records[i] as LogRecordInput);
        const line = encodeStored(stored);
        used += line.length + (comma || i > from ? 1 : 0);
        maxTimestamp = Math.max(maxTimestamp, stored.timestamp);
        lines.push(line);
      }
      return { text: lines.join(','), count: lines.length, maxTimestamp };
    },
  };
}
