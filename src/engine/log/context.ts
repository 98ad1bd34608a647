import type { LogStore, OffsetCommit, TopicConfig } from '../../storage/LogStore';
import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { GroupCoordinator } from './groups';
import type { ProducerRecord, RecordMetadata } from './types';

/** What the producer and the consumers share of their TopicLog. */
export interface LogContext {
  readonly name: string;
  readonly store: LogStore;
  readonly clock: Clock;
  readonly trace: Trace | undefined;
  readonly groups: GroupCoordinator;
  /** the topic's settings; a LogError 'unknown-topic' when there is none */
  topic(name: string): TopicConfig;
  /** told after each append, so retention by count follows the log as it grows */
  appended(topic: string, partition: number): Promise<unknown>;
  /** the log's producer, for a consumer's output committed with its offsets */
  send(
    topic: string,
    records: readonly ProducerRecord[],
    commits: readonly OffsetCommit[],
  ): Promise<RecordMetadata[]>;
}
