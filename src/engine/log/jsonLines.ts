import { z } from 'zod';
import type { LogRecord } from '../../storage/LogStore';
import type { TopicLog } from './TopicLog';
import type { ProducerRecord, RecordMetadata } from './types';

/**
 * The course's log format: one JSON object a line,
 * `{"timestamp": "...", "event": "...", "data": {...}}`. Export writes it (plus "key" when a
 * record has one); import reads it, line by line, and names the line of every error.
 */

// ISO 8601 without a zone (Python's datetime.isoformat()) is read as UTC, not local time,
// so an import means the same on every machine
const NO_ZONE = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(NO_ZONE.test(value) ? `${value}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const LineSchema = z.object({
  timestamp: z.unknown().transform((value, ctx) => {
    const ms = toMillis(value);
    if (ms !== undefined) return ms;
    ctx.addIssue({
      code: 'custom',
      message: '"timestamp" must be an ISO 8601 date-time string (or ms since the epoch)',
    });
    return z.NEVER;
  }),
  event: z
    .string({ error: '"event" must be a non-empty string' })
    .min(1, { error: '"event" must be a non-empty string' }),
  data: z.custom<unknown>((v) => v !== undefined, {
    error: '"data" is missing (use null for none)',
  }),
  key: z.string({ error: '"key" must be a string when given' }).optional(),
});

export interface LineError {
  /** 1-based, counting blank lines too, as an editor does */
  readonly line: number;
  readonly message: string;
}

/** Input refused: every bad line, each named by number. Nothing was imported. */
export class JsonLinesError extends Error {
  override readonly name = 'JsonLinesError';

  constructor(readonly errors: readonly LineError[]) {
    const shown = errors.slice(0, 10).map((e) => `line ${e.line}: ${e.message}`);
    const more = errors.length > 10 ? [`… and ${errors.length - 10} more`] : [];
    super([...shown, ...more].join('\n'));
  }
}

export interface ParsedLines {
  readonly records: ProducerRecord[];
  readonly errors: LineError[];
}

/** Reads JSON lines; blank lines are skipped. Returns the good records and every error. */
export function parseJsonLines(text: string): ParsedLines {
  const records: ProducerRecord[] = [];
  const errors: LineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, message: 'a line must be a JSON object' });
      return;
    }
    const parsed = LineSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ line, message: issue.message });
      return;
    }
    const { timestamp, event, data, key } = parsed.data;
    records.push(key === undefined ? { timestamp, event, data } : { timestamp, event, data, key });
  });
  return { records, errors };
}

/** Like parseJsonLines, but all or nothing: a JsonLinesError when any line is bad. */
export function readJsonLines(text: string): ProducerRecord[] {
  const { records, errors } = parseJsonLines(text);
  if (errors.length > 0) throw new JsonLinesError(errors);
  return records;
}

/** One record as a line of the course's format. */
export function formatJsonLine(record: Pick<LogRecord, 'timestamp' | 'event' | 'data' | 'key'>) {
  const { timestamp, event, data, key } = record;
  return JSON.stringify({ timestamp: new Date(timestamp).toISOString(), event, data, key });
}

/** Records as JSON lines, each ended by a newline (so files concatenate). */
export function toJsonLines(
  records: Iterable<Pick<LogRecord, 'timestamp' | 'event' | 'data' | 'key'>>,
) {
  let out = '';
  for (const r of records) out += `${formatJsonLine(r)}\n`;
  return out;
}

/** Imports JSON lines into a topic, all or nothing: bad input throws a JsonLinesError first. */
export async function importJsonLines(
  log: TopicLog,
  topic: string,
  text: string,
): Promise<RecordMetadata[]> {
  return log.sendBatch(topic, readJsonLines(text));
}

/** A partition as JSON lines, a chunk of `batch` records at a time (files of any size). */
export async function* exportJsonLines(log: TopicLog, topic: string, partition = 0, batch = 1_000) {
  for await (const records of log.scan(topic, partition, 0, batch)) yield toJsonLines(records);
}
