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
export { SCENARIO_DB } from './scenarioDb';
export type {
  ImportEntry,
  SavedScenario,
  ScenarioEntry,
  ScenarioLibrary,
  ScenarioLibraryOptions,
  ScenarioListing,
  ScenarioSummary,
} from './scenarioLibrary';
export type { ScenarioLibraryError, ScenarioLibraryResult } from './scenarioLibraryErrors';
export { openScenarioLibrary } from './scenarioStore';
export type { LockMode } from './writerLock';
