import type { FileLike, Localized, Scenario } from '../engine/scenario';
import type { ScenarioLibraryResult } from './scenarioLibraryErrors';

/** The scenario library's API: what the playground calls. Its IndexedDB side: scenarioStore.ts. */

export interface ScenarioSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly title: Localized;
}

export interface SavedScenario extends ScenarioSummary {
  readonly scenario: Scenario;
  /** the version it was stored in, when that was older and it has been migrated */
  readonly migratedFrom?: number;
}

export interface ScenarioListing {
  /** most recently saved first */
  readonly scenarios: readonly ScenarioSummary[];
  /** stored values that are not saved scenarios: shown so they can be deleted, never loaded */
  readonly damaged: readonly { readonly id: string; readonly message: string }[];
}

/** What to save: no id creates a new entry, an id creates or replaces that entry. */
export interface ScenarioEntry {
  readonly id?: string;
  readonly name: string;
  readonly scenario: Scenario;
}

/** An import's entry: the name defaults to the scenario's English title. */
export interface ImportEntry {
  readonly id?: string;
  readonly name?: string;
}

export interface ScenarioLibrary {
  save(entry: ScenarioEntry): Promise<ScenarioLibraryResult<ScenarioSummary>>;
  /** checks the text as a file (size, nesting, keys, version, schema), then saves it */
  importText(text: string, entry?: ImportEntry): Promise<ScenarioLibraryResult<SavedScenario>>;
  importFile(file: FileLike, entry?: ImportEntry): Promise<ScenarioLibraryResult<SavedScenario>>;
  list(): Promise<ScenarioLibraryResult<ScenarioListing>>;
  load(id: string): Promise<ScenarioLibraryResult<SavedScenario>>;
  delete(id: string): Promise<ScenarioLibraryResult<{ readonly deleted: boolean }>>;
  close(): void;
}

export interface ScenarioLibraryOptions {
  /** one database per name (`eventlab-scenarios-v1:<name>`); the app's is `library` */
  readonly name?: string;
  /** the time stamped on a save (default Date.now) */
  readonly now?: () => number;
  /** a new entry's id (default: 16 random hex digits) */
  readonly newId?: () => string;
}
