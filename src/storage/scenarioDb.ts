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
    /** one saved scenario a value: key id */
    scenarios: 'scenarios',
  },
  indexes: { updatedAt: 'updatedAt' },
} as const;

export interface StoredScenario {
  id: string;
  /** the name the person gave it in the library */
  name: string;
  createdAt: number;
  updatedAt: number;
  /** the scenario's title, so that listing reads no scenario text */
  title: Localized;
  /** the scenario as its compact file text: versioned, so it migrates when it is loaded */
  text: string;
}

export interface ScenarioDb extends DBSchema {
  scenarios: { key: string; value: StoredScenario; indexes: { updatedAt: number } };
}

export function scenarioDbName(name: string): string {
  return `${SCENARIO_DB.prefix}:${name}`;
}

export function openScenarioDb(name: string): Promise<IDBPDatabase<ScenarioDb>> {
  return openDB<ScenarioDb>(scenarioDbName(name), SCENARIO_DB.version, {
    upgrade(db) {
      const store = db.createObjectStore(SCENARIO_DB.stores.scenarios, { keyPath: 'id' });
      store.createIndex(SCENARIO_DB.indexes.updatedAt, 'updatedAt');
    },
    blocking(_current, _next, event) {
      // another tab upgrades the schema: let it, rather than block it forever
      (event.target as IDBDatabase).close();
    },
  });
}
