import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import {
  exportScenarioText,
  type FileLike,
  type ImportedScenario,
  importScenarioText,
  type Localized,
  readScenarioFile,
  type Scenario,
  type ScenarioFileResult,
} from '../engine/scenario';
import { openScenarioDb, SCENARIO_DB, type ScenarioDb, type StoredScenario } from './scenarioDb';
import { refused, type ScenarioLibraryResult, storageFailure } from './scenarioLibraryErrors';

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

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const MAX_NAME = 200;

const localized = z.object({ en: z.string(), uk: z.string() });
/** A stored value, checked on the way out: anything may have written to the database. */
const storedSchema = z.object({
  id: z.string().regex(ID),
  name: z.string().min(1).max(MAX_NAME),
  createdAt: z.number().finite(),
  updatedAt: z.number().finite(),
  title: localized,
  text: z.string(),
});

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function summaryOf(stored: StoredScenario): ScenarioSummary {
  const { id, name, createdAt, updatedAt, title } = stored;
  return { id, name, createdAt, updatedAt, title: { en: title.en, uk: title.uk } };
}

function checkId<T>(id: string): ScenarioLibraryResult<T> | undefined {
  if (ID.test(id)) return undefined;
  return refused({
    kind: 'invalid-entry',
    field: 'id',
    message: 'A library id is 1 to 128 letters, digits, _ or -, starting with a letter or digit.',
  });
}

/** Opens (creating when new) the scenario library in IndexedDB. Never throws. */
export async function openScenarioLibrary(
  options: ScenarioLibraryOptions = {},
): Promise<ScenarioLibraryResult<ScenarioLibrary>> {
  try {
    const db = await openScenarioDb(options.name ?? 'library');
    return { ok: true, value: new IndexedDbScenarioLibrary(db, options) };
  } catch (error) {
    return storageFailure(error, 'opening the scenario library');
  }
}

const { scenarios: STORE } = SCENARIO_DB.stores;

/**
 * Saved scenarios, one IndexedDB value each, as their file text: a value is checked as a file
 * on the way in (nothing is written unless it passes) and again on the way out. Every write
 * is one strict transaction, so a failed one (a full disk) leaves what was stored as it was.
 */
class IndexedDbScenarioLibrary implements ScenarioLibrary {
  readonly #now: () => number;
  readonly #newId: () => string;

  constructor(
    readonly db: IDBPDatabase<ScenarioDb>,
    options: ScenarioLibraryOptions,
  ) {
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? randomId;
  }

  async save(entry: ScenarioEntry): Promise<ScenarioLibraryResult<ScenarioSummary>> {
    const id = entry.id ?? this.#newId();
    const badId = checkId<ScenarioSummary>(id);
    if (badId) return badId;
    const name = entry.name.trim();
    if (name === '' || name.length > MAX_NAME) {
      return refused({
        kind: 'invalid-entry',
        field: 'name',
        message: `A name is 1 to ${MAX_NAME} characters.`,
      });
    }
    const text = exportScenarioText(entry.scenario, { indent: 0 });
    if (!text.ok) return text;
    const { en, uk } = entry.scenario.title;
    const tx = this.#writeTransaction();
    try {
      const before = await tx.store.get(id);
      const updatedAt = this.#now();
      const stored: StoredScenario = {
        id,
        name,
        createdAt: before?.createdAt ?? updatedAt,
        updatedAt,
        title: { en, uk },
        text: text.value,
      };
      await tx.store.put(stored);
      await tx.done;
      return { ok: true, value: summaryOf(stored) };
    } catch (error) {
      abortQuietly(tx);
      return storageFailure(error, `saving "${name}"`);
    }
  }

  async importText(text: string, entry: ImportEntry = {}) {
    return this.#saveImported(importScenarioText(text), entry);
  }

  async importFile(file: FileLike, entry: ImportEntry = {}) {
    return this.#saveImported(await readScenarioFile(file), entry);
  }

  async #saveImported(
    imported: ScenarioFileResult<ImportedScenario>,
    entry: ImportEntry,
  ): Promise<ScenarioLibraryResult<SavedScenario>> {
    if (!imported.ok) return imported;
    const { scenario, migratedFrom } = imported.value;
    const saved = await this.save({
      ...(entry.id === undefined ? {} : { id: entry.id }),
      name: entry.name ?? scenario.title.en,
      scenario,
    });
    if (!saved.ok) return saved;
    const value = { ...saved.value, scenario };
    return { ok: true, value: migratedFrom === undefined ? value : { ...value, migratedFrom } };
  }

  async list(): Promise<ScenarioLibraryResult<ScenarioListing>> {
    let values: unknown[];
    try {
      values = await this.db.getAllFromIndex(STORE, SCENARIO_DB.indexes.updatedAt);
    } catch (error) {
      return storageFailure(error, 'listing the saved scenarios');
    }
    const scenarios: ScenarioSummary[] = [];
    const damaged: { id: string; message: string }[] = [];
    for (const value of values) {
      const stored = storedSchema.safeParse(value);
      if (stored.success) scenarios.push(summaryOf(stored.data));
      else damaged.push({ id: idOf(value), message: 'not a saved scenario' });
    }
    scenarios.reverse();
    return { ok: true, value: { scenarios, damaged } };
  }

  async load(id: string): Promise<ScenarioLibraryResult<SavedScenario>> {
    const badId = checkId<SavedScenario>(id);
    if (badId) return badId;
    let value: unknown;
    try {
      value = await this.db.get(STORE, id);
    } catch (error) {
      return storageFailure(error, `loading "${id}"`);
    }
    if (value === undefined) {
      return refused({ kind: 'not-found', id, message: `No saved scenario has the id "${id}".` });
    }
    const stored = storedSchema.safeParse(value);
    if (!stored.success) {
      return refused({
        kind: 'damaged',
        id,
        message: `The saved scenario "${id}" is damaged: it is not a saved scenario.`,
      });
    }
    // the same checks as a file: what is stored may have been changed outside EventLab
    const imported = importScenarioText(stored.data.text);
    if (!imported.ok) {
      return refused({
        kind: 'damaged',
        id,
        problem: imported.error,
        message: `The saved scenario "${stored.data.name}" cannot be opened: ${imported.error.message}`,
      });
    }
    const { scenario, migratedFrom } = imported.value;
    const loaded = { ...summaryOf(stored.data), scenario };
    return { ok: true, value: migratedFrom === undefined ? loaded : { ...loaded, migratedFrom } };
  }

  async delete(id: string): Promise<ScenarioLibraryResult<{ readonly deleted: boolean }>> {
    const badId = checkId<{ deleted: boolean }>(id);
    if (badId) return badId;
    const tx = this.#writeTransaction();
    try {
      const deleted = (await tx.store.getKey(id)) !== undefined;
      if (deleted) await tx.store.delete(id);
      await tx.done;
      return { ok: true, value: { deleted } };
    } catch (error) {
      abortQuietly(tx);
      return storageFailure(error, `deleting "${id}"`);
    }
  }

  close(): void {
    this.db.close();
  }

  #writeTransaction() {
    const tx = this.db.transaction(STORE, 'readwrite', { durability: 'strict' });
    // a failed transaction is reported by the request that failed (or by awaiting done);
    // this keeps its rejected `done` from also surfacing as unhandled
    tx.done.catch(() => undefined);
    return tx;
  }
}

function idOf(value: unknown): string {
  const id =
    typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : '(no id)';
}

/** Rolls back a transaction whose request failed; one that already ended cannot be aborted. */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}
