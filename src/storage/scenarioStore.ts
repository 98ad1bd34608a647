import type { IDBPDatabase } from 'idb';
import {
  exportScenarioText,
  type FileLike,
  type ImportedScenario,
  importScenarioText,
  readScenarioFile,
  type ScenarioFileResult,
} from '../engine/scenario';
import {
  ALL_SCENARIO_STORES,
  openScenarioDb,
  SCENARIO_DB,
  type ScenarioDb,
  type StoredEntry,
} from './scenarioDb';
import {
  checkId,
  checkName,
  idOf,
  randomId,
  storedEntrySchema,
  storedTextSchema,
  summaryOf,
} from './scenarioEntries';
import type {
  ImportEntry,
  SavedScenario,
  ScenarioEntry,
  ScenarioLibrary,
  ScenarioLibraryOptions,
  ScenarioListing,
  ScenarioSummary,
} from './scenarioLibrary';
import { refused, type ScenarioLibraryResult, storageFailure } from './scenarioLibraryErrors';

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

const { entries: ENTRIES, texts: TEXTS } = SCENARIO_DB.stores;

/**
 * Saved scenarios in IndexedDB: an entry (name, title, times) to list, and beside it the
 * scenario's file text, read only to open it, so listing a library of large scenarios reads
 * none of them. A scenario is checked as a file on the way in (nothing is written unless it
 * passes) and again on the way out. Every write is one strict transaction over both stores,
 * so a failed one (a full disk) leaves what was stored as it was.
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
    const checkedName = checkName(entry.name);
    if (!checkedName.ok) return checkedName;
    const name = checkedName.value;
    const text = exportScenarioText(entry.scenario, { indent: 0 });
    if (!text.ok) return text;
    const { en, uk } = entry.scenario.title;
    const tx = this.#writeTransaction();
    try {
      const before = await tx.objectStore(ENTRIES).get(id);
      const updatedAt = this.#now();
      const createdAt = before?.createdAt ?? updatedAt;
      const stored: StoredEntry = { id, name, createdAt, updatedAt, title: { en, uk } };
      await Promise.all([
        tx.objectStore(ENTRIES).put(stored),
        tx.objectStore(TEXTS).put({ id, text: text.value }),
      ]);
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
      values = await this.db.getAllFromIndex(ENTRIES, SCENARIO_DB.indexes.updatedAt);
    } catch (error) {
      return storageFailure(error, 'listing the saved scenarios');
    }
    const scenarios: ScenarioSummary[] = [];
    const damaged: { id: string; message: string }[] = [];
    for (const value of values) {
      const stored = storedEntrySchema.safeParse(value);
      if (stored.success) scenarios.push(summaryOf(stored.data));
      else damaged.push({ id: idOf(value), message: 'not a saved scenario' });
    }
    scenarios.reverse();
    return { ok: true, value: { scenarios, damaged } };
  }

  async load(id: string): Promise<ScenarioLibraryResult<SavedScenario>> {
    const badId = checkId<SavedScenario>(id);
    if (badId) return badId;
    let entry: unknown;
    let text: unknown;
    try {
      const tx = this.db.transaction(ALL_SCENARIO_STORES);
      [entry, text] = await Promise.all([
        tx.objectStore(ENTRIES).get(id),
        tx.objectStore(TEXTS).get(id),
      ]);
    } catch (error) {
      return storageFailure(error, `loading "${id}"`);
    }
    if (entry === undefined) {
      return refused({ kind: 'not-found', id, message: `No saved scenario has the id "${id}".` });
    }
    const stored = storedEntrySchema.safeParse(entry);
    const storedText = storedTextSchema.safeParse(text);
    if (!stored.success || !storedText.success) {
      return refused({
        kind: 'damaged',
        id,
        message: `The saved scenario "${id}" is damaged: it is not a saved scenario.`,
      });
    }
    // the same checks as a file: what is stored may have been changed outside EventLab
    const imported = importScenarioText(storedText.data.text);
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
      const deleted = (await tx.objectStore(ENTRIES).getKey(id)) !== undefined;
      // the text too, even without an entry: nothing is left behind
      await Promise.all([tx.objectStore(ENTRIES).delete(id), tx.objectStore(TEXTS).delete(id)]);
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
    const tx = this.db.transaction(ALL_SCENARIO_STORES, 'readwrite', { durability: 'strict' });
    // a failed transaction is reported by the request that failed (or by awaiting done);
    // this keeps its rejected `done` from also surfacing as unhandled
    tx.done.catch(() => undefined);
    return tx;
  }
}

/** Rolls back a transaction whose request failed; one that already ended cannot be aborted. */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}
