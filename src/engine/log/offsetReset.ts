import type { LogStore } from '../../storage/LogStore';
import { LogError } from './errors';
import type { OffsetResetPolicy } from './traceEvents';

/** Where a group starts in a partition: its committed offset, or by `initial` when it has none. */
export async function startingOffset(
  store: LogStore,
  group: string,
  topic: string,
  partition: number,
  initial: 'earliest' | 'latest',
): Promise<{ offset: number; byPolicy: boolean }> {
  const committed = await store.committed(group, topic, partition);
  if (committed !== undefined) return { offset: committed, byPolicy: false };
  const { start, end } = await store.range(topic, partition);
  return { offset: initial === 'latest' ? end : start, byPolicy: true };
}

/**
 * A position outside the partition (deleted by retention, or past the end) moved by the
 * policy: to the first record kept, to the end, or a LogError that says what happened and
 * what to do, as Kafka's OffsetOutOfRangeException does for auto.offset.reset=none.
 */
export async function resetOffset(
  store: LogStore,
  topic: string,
  partition: number,
  from: number,
  policy: OffsetResetPolicy,
  who: string,
): Promise<number> {
  const { start, end } = await store.range(topic, partition);
  if (policy === 'latest') return end;
  if (policy === 'earliest') return start;
  const holds =
    start === end ? `which is empty (next offset ${end})` : `which holds ${start} to ${end - 1}`;
  const why = from < start ? ': retention deleted it' : '';
  throw new LogError(
    'offset-out-of-range',
    `${who} is at offset ${from} of ${topic}-${partition}, ${holds}${why}. Seek, or set ` +
      `offsetReset to 'earliest' or 'latest'.`,
  );
}
