export type { Assignment } from './assignors';
export { rangeAssign, roundRobinAssign } from './assignors';
export { Consumer, type SeekTarget } from './Consumer';
export { LogError, type LogErrorCode } from './errors';
export {
  exportJsonLines,
  formatJsonLine,
  importJsonLines,
  JsonLinesError,
  type LineError,
  type ParsedLines,
  parseJsonLines,
  readJsonLines,
  toJsonLines,
} from './jsonLines';
export { Producer } from './Producer';
export { murmur2, partitionForKey } from './partitioner';
export type { RetentionResult } from './retention';
export { TopicLog, type TopicLogOptions } from './TopicLog';
export type { LogTraceEvent, OffsetResetPolicy } from './traceEvents';
export type * from './types';
