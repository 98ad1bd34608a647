import { formatJsonLine } from './log/jsonLines';
import type { TraceEvent } from './trace';

/**
 * A run's trace as JSON lines, in the course's log format (log/jsonLines.ts):
 * `{"timestamp": "<ISO>", "event": "<trace type>", "data": {"seq", "at", ...fields}}`.
 * So an exported run reads back with parseJsonLines, and can be imported into a topic and
 * replayed. `at` stays in `data` because the ISO timestamp keeps whole milliseconds only.
 */
export function formatTraceLine(event: TraceEvent): string {
  const { type, seq, at, ...fields } = event;
  const timestamp = Number.isFinite(at) ? at : 0;
  try {
    return formatJsonLine({ timestamp, event: type, data: { seq, at, ...fields } });
  } catch (error) {
    // a payload that is not JSON (a BigInt, a cycle) costs its fields, not the export
    const unserializable = error instanceof Error ? error.message : String(error);
    return formatJsonLine({ timestamp, event: type, data: { seq, at, unserializable } });
  }
}

/** The whole trace as one text, each line ended by a newline (files concatenate). */
export function traceToJsonLines(events: Iterable<TraceEvent>): string {
  let out = '';
  for (const event of events) out += `${formatTraceLine(event)}\n`;
  return out;
}

/** The same, `batch` lines a chunk: a long run goes to a file without one huge string. */
export function* traceJsonLineChunks(events: Iterable<TraceEvent>, batch = 1_000) {
  let chunk = '';
  let lines = 0;
  for (const event of events) {
    chunk += `${formatTraceLine(event)}\n`;
    if (++lines === batch) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk !== '') yield chunk;
}
