export {
  isQuotaError,
  LogStoreError,
  type LogStoreErrorCode,
  OffsetOutOfRangeError,
} from './errors';
export { LOG_DB } from './idbSchema';
export { type IndexedDbLogStoreOptions, openIndexedDbLogStore } from './indexedDbStore';
export type * from './LogStore';
export { MemoryLogStore, type MemoryLogStoreOptions } from './memoryStore';
export type { LockMode } from './writerLock';
