import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Localized } from '../engine/scenario';

/**
 * DO NOT CHANGE these names or the version without a migration in `upgrade` below: a new
 * database or store name opens an empty library and silently leaves every saved scenario
 * behind. (A scenario's own format has its own version and migrations, in the stored text.)
 */
export const SCENARIO_DB = {
  /** the database is `${prefix}:${name}`: the app's library is `library`, tests use others */
  prefix: 'eventlab-scenarios-v1',
  version: 1,
  stores: {
    /** what the library lists, small: key id (StoredEntry) */
    entries: 'entries',
    /** each scenario's file text, read only to open it: key id (StoredText) */
    texts: 'texts',
  },
  indexes: { updatedAt: 'updatedAt' },
} as const;

export const ALL_SCENARIO_STORES = Object.values(SCENARIO_DB.stores);

/** A saved scenario as the library lists it. */
export interface StoredEntry {
  id: string;
  /** the name the person gave it in the library */
  name: string;
  createdAt: number;
  updatedAt: number;
  /** the scenario's title */
  title: Localized;
}

/** A saved scenario's compact file text: versioned, so it migrates when it is loaded. */
export interface StoredText {
  id: string;
  text: string;
}

export interface ScenarioDb extends DBSchema {
  entries: { key: string; value: StoredEntry; indexes: { updatedAt: number } };
  texts: { key: string; value: StoredText };
}

export function scenarioDbName(name: string): string {
  return `${SCENARIO_DB.prefix}:${name}`;
}

export function openScenarioDb(name: string): Promise<IDBPDatabase<ScenarioDb>> {
  return openDB<ScenarioDb>(scenarioDbName(name), SCENARIO_DB.version, {
    upgrade(db) {
      const entries = db.createObjectStore(SCENARIO_DB.stores.entries, { keyPath: 'id' });
      entries.createIndex(SCENARIO_DB.indexes.updatedAt, 'updatedAt');
      db.createObjectStore(SCENARIO_DB.stores.texts, { keyPath: 'id' });
    },
    blocking(_current, _next, event) {
      // another tab upgrades the schema: let it, rather than block it forever
      (event.target as IDBDatabase).close();
    },
  });
}
