import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportScenarioText, type Scenario } from '../engine/scenario';
import { hostileFiles } from '../engine/scenario/testing';
import { LABS } from '../labs/catalog';
import { eventBusLab } from '../labs/eventBus';
import { exceedQuota } from './idbTestHarness';
import { openScenarioDb, SCENARIO_DB } from './scenarioDb';
import type { ScenarioLibrary } from './scenarioLibrary';
import type { ScenarioLibraryResult } from './scenarioLibraryErrors';
import { openScenarioLibrary } from './scenarioStore';

const labs = LABS.flatMap((lab) => (lab.scenario ? [lab.scenario] : []));
// biome-ignore lint/suspicious/noExplicitAny: a file to spoil is deliberately untyped JSON
const lab1Json = (): any => JSON.parse(JSON.stringify(eventBusLab));

function value<T>(result: ScenarioLibraryResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

let opened = 0;
const EMPTY = { entries: [], texts: [] };

/** A fresh library (its own database) on a clock that moves 1 ms a save. */
async function library() {
  const name = `test-${opened++}`;
  let time = 1_000;
  let ids = 0;
  const lib = value(
    await openScenarioLibrary({ name, now: () => time++, newId: () => `new-${++ids}` }),
  );
  /** every stored value as it is in IndexedDB: what "nothing changed" is checked against */
  const raw = async () => {
    const db = await openScenarioDb(name);
    const entries = await db.getAll(SCENARIO_DB.stores.entries);
    const texts = await db.getAll(SCENARIO_DB.stores.texts);
    db.close();
    return { entries, texts };
  };
  return { lib, raw, name };
}

async function withLabs(lib: ScenarioLibrary) {
  for (const scenario of labs)
    value(await lib.save({ id: scenario.id, name: scenario.id, scenario }));
}

describe('the scenario library', () => {
  it('saves, lists and loads every lab as the same scenario', async () => {
    const { lib } = await library();
    await withLabs(lib);
    const listing = value(await lib.list());
    expect(listing.damaged).toEqual([]);
    // most recently saved first
    expect(listing.scenarios.map((s) => s.id)).toEqual(labs.map((s) => s.id).reverse());
    for (const scenario of labs) {
      const loaded = value(await lib.load(scenario.id));
      expect(loaded.scenario).toStrictEqual(scenario);
      expect(loaded).toMatchObject({ id: scenario.id, name: scenario.id, title: scenario.title });
    }
    lib.close();
  });

  it('creates an entry with a new id, and updates by id keeping when it was created', async () => {
    const { lib } = await library();
    const first = value(await lib.save({ name: 'Mine', scenario: eventBusLab }));
    expect(first).toMatchObject({ id: 'new-1', name: 'Mine', createdAt: 1000, updatedAt: 1000 });
    const changed = { ...eventBusLab, settings: { ...eventBusLab.settings, hopMs: 50 } };
    const second = value(
      await lib.save({ id: 'new-1', name: '  Mine, faster ', scenario: changed }),
    );
    expect(second).toMatchObject({
      id: 'new-1',
      name: 'Mine, faster',
      createdAt: 1000,
      updatedAt: 1001,
    });
    expect(value(await lib.list()).scenarios).toHaveLength(1);
    expect(value(await lib.load('new-1')).scenario.settings.hopMs).toBe(50);
    lib.close();
  });

  it('deletes by id, and says whether there was anything to delete', async () => {
    const { lib } = await library();
    await withLabs(lib);
    expect(value(await lib.delete('shop'))).toEqual({ deleted: true });
    expect(value(await lib.delete('shop'))).toEqual({ deleted: false });
    expect(await lib.load('shop')).toMatchObject({
      ok: false,
      error: { kind: 'not-found', id: 'shop' },
    });
    expect(value(await lib.list()).scenarios.map((s) => s.id)).not.toContain('shop');
    lib.close();
  });

  it('keeps the text apart from what it lists, and deletes both', async () => {
    const { lib, raw } = await library();
    await withLabs(lib);
    const stored = await raw();
    expect(stored.entries.map((e) => Object.keys(e).sort())).toEqual(
      labs.map(() => ['createdAt', 'id', 'name', 'title', 'updatedAt']),
    );
    expect(stored.texts.map((t) => t.id).sort()).toEqual(labs.map((l) => l.id).sort());
    for (const scenario of labs) value(await lib.delete(scenario.id));
    expect(await raw()).toEqual(EMPTY);
    lib.close();
  });

  it('imports a file, naming it after the scenario unless told otherwise', async () => {
    const { lib } = await library();
    const text = value(exportScenarioText(eventBusLab));
    const fromText = value(await lib.importText(text));
    expect(fromText).toMatchObject({ id: 'new-1', name: eventBusLab.title.en });
    expect(fromText.scenario).toStrictEqual(eventBusLab);
    const fromFile = value(await lib.importFile(new Blob([text]), { id: 'lab-1', name: 'Lab 1' }));
    expect(fromFile).toMatchObject({ id: 'lab-1', name: 'Lab 1' });
    expect(value(await lib.load('lab-1')).scenario).toStrictEqual(eventBusLab);
    lib.close();
  });

  it('refuses an id or a name it does not take, storing nothing', async () => {
    const { lib, raw } = await library();
    expect(await lib.save({ id: '../x', name: 'x', scenario: eventBusLab })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-entry', field: 'id' },
    });
    expect(await lib.save({ name: '   ', scenario: eventBusLab })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-entry', field: 'name' },
    });
    expect(await lib.load('')).toMatchObject({ ok: false, error: { kind: 'invalid-entry' } });
    expect(await raw()).toEqual(EMPTY);
    lib.close();
  });

  it('refuses to save an invalid scenario, naming the field', async () => {
    const { lib, raw } = await library();
    const invalid = lab1Json();
    invalid.settings.hopMs = -1;
    expect(await lib.save({ name: 'x', scenario: invalid as Scenario })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', problems: [{ field: 'settings.hopMs' }] },
    });
    expect(await raw()).toEqual(EMPTY);
    lib.close();
  });
});

describe('hostile imports change nothing stored', () => {
  it.each(hostileFiles(lab1Json()).map((file) => [file.case, file] as const))(
    '%s',
    async (_case, file) => {
      const { lib, raw } = await library();
      await withLabs(lib);
      const before = await raw();
      // over an existing entry too: a refused import must not replace it
      for (const entry of [{}, { id: 'event-bus', name: 'replaced' }]) {
        const result = await lib.importText(file.text, entry);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.kind).toBe(file.kind);
        for (const part of file.says) expect(result.error.message).toContain(part);
      }
      expect(await raw()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      lib.close();
    },
  );

  it('a file over 5 MB is refused by its size, unread', async () => {
    const { lib, raw } = await library();
    const big = { size: 6 * 1024 * 1024, text: () => Promise.reject(new Error('read it')) };
    expect(await lib.importFile(big)).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(await raw()).toEqual(EMPTY);
    lib.close();
  });
});

describe('a full disk', () => {
  it('is a typed error, and what was stored stays as it was', async () => {
    const { lib, raw } = await library();
    await withLabs(lib);
    const before = await raw();
    const restore = exceedQuota();
    try {
      const update = await lib.save({ id: 'event-bus', name: 'changed', scenario: eventBusLab });
      expect(update).toMatchObject({
        ok: false,
        error: { kind: 'quota-exceeded', message: expect.stringContaining('Storage is full') },
      });
      const create = await lib.importText(value(exportScenarioText(eventBusLab)));
      expect(create).toMatchObject({ ok: false, error: { kind: 'quota-exceeded' } });
    } finally {
      restore();
    }
    expect(await raw()).toEqual(before);
    // and the library works again once there is room
    expect(
      value(await lib.save({ id: 'event-bus', name: 'changed', scenario: eventBusLab })).name,
    ).toBe('changed');
    lib.close();
  });
});

describe('what is stored is checked on the way out', () => {
  type Store = (typeof SCENARIO_DB.stores)[keyof typeof SCENARIO_DB.stores];

  /** Changes what is stored for event-bus, as a hand or a bug outside EventLab could. */
  async function tamper(
    name: string,
    store: Store,
    change: (stored: Record<string, unknown>) => void,
  ) {
    const db = await openScenarioDb(name);
    const stored = await db.get(store, 'event-bus');
    if (!stored) throw new Error('nothing stored');
    change(stored as unknown as Record<string, unknown>);
    await db.put(store, stored);
    db.close();
  }

  it.each<[string, (stored: Record<string, unknown>) => void, string]>([
    [
      'text that is not a scenario',
      (s) => {
        s.text = '{"format":"eventlab.scenario"}';
      },
      'invalid',
    ],
    [
      'a __proto__ key in the text',
      (s) => {
        s.text = `{"__proto__":{},${String(s.text).slice(1)}`;
      },
      'forbidden-key',
    ],
    [
      'text that is not JSON',
      (s) => {
        s.text = 'oops';
      },
      'not-json',
    ],
  ])('a value with %s cannot be loaded; the others can', async (_case, change, kind) => {
    const { lib, name } = await library();
    await withLabs(lib);
    await tamper(name, SCENARIO_DB.stores.texts, change);
    expect(await lib.load('event-bus')).toMatchObject({
      ok: false,
      error: { kind: 'damaged', id: 'event-bus', problem: { kind } },
    });
    expect(value(await lib.load('shop')).scenario.id).toBe('shop');
    lib.close();
  });

  it('a value that is not a saved scenario is listed apart, and can be deleted', async () => {
    const { lib, name } = await library();
    await withLabs(lib);
    await tamper(name, SCENARIO_DB.stores.entries, (s) => {
      s.name = 42;
    });
    const listing = value(await lib.list());
    expect(listing.damaged).toEqual([{ id: 'event-bus', message: 'not a saved scenario' }]);
    expect(listing.scenarios).toHaveLength(labs.length - 1);
    expect(await lib.load('event-bus')).toMatchObject({ ok: false, error: { kind: 'damaged' } });
    expect(value(await lib.delete('event-bus'))).toEqual({ deleted: true });
    expect(value(await lib.list()).damaged).toEqual([]);
    lib.close();
  });
});
