import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { importScenarioText } from './files';
import { type Migrations, migrateScenario, SCENARIO_MIGRATIONS } from './migrations';
import { parseScenario } from './parse';
import { SCENARIO_VERSION } from './schema';

/** Lab 1 as plain JSON, a fresh copy every call: a file to spoil. */
// biome-ignore lint/suspicious/noExplicitAny: a file to spoil is deliberately untyped JSON
const lab1Json = (): any => JSON.parse(JSON.stringify(eventBusLab));

/**
 * Version 1 is the first, so there is no real older version yet. This one stands in for it:
 * a version 0 that called `settings.hopMs` `hop` and had no `bindings`, and its step to 1.
 */
const v0toV1: Migrations = {
  0: ({ settings, ...rest }) => {
    const { hop, ...others } = (settings ?? {}) as Record<string, unknown>;
    return { ...rest, version: 1, bindings: [], settings: { ...others, hopMs: hop } };
  },
};

function version0(): string {
  const { bindings: _, settings, ...rest } = lab1Json();
  const { hopMs, ...others } = settings;
  return JSON.stringify({ ...rest, version: 0, settings: { ...others, hop: hopMs } });
}

describe('migration from older versions', () => {
  it('has a step from every earlier version (1 was the first) to the current one', () => {
    // bumping SCENARIO_VERSION without a migration would strand every saved file
    for (let version = 1; version < SCENARIO_VERSION; version++) {
      expect(SCENARIO_MIGRATIONS[version], `a migration from version ${version}`).toBeDefined();
    }
    expect(
      Object.keys(SCENARIO_MIGRATIONS)
        .map(Number)
        .every((v) => v < SCENARIO_VERSION),
    ).toBe(true);
  });

  it('imports a version 0 file through its migration, and says it did', () => {
    const result = importScenarioText(version0(), { migrations: v0toV1 });
    expect(result).toEqual({ ok: true, value: { scenario: eventBusLab, migratedFrom: 0 } });
  });

  it('refuses version 0 where there is no migration from it', () => {
    expect(importScenarioText(version0())).toMatchObject({
      ok: false,
      error: { kind: 'unsupported-version', version: 0 },
    });
  });

  it('reports a migration that throws as a typed error', () => {
    const broken: Migrations = {
      0: () => {
        throw new Error('no hop');
      },
    };
    expect(importScenarioText(version0(), { migrations: broken })).toEqual({
      ok: false,
      error: {
        kind: 'migration-failed',
        from: 0,
        message: 'This scenario could not be upgraded from version 0: no hop',
      },
    });
  });

  it('refuses a migration that does not bump the version (it would loop or skip)', () => {
    const stuck: Migrations = { 0: (doc) => doc };
    expect(importScenarioText(version0(), { migrations: stuck })).toMatchObject({
      ok: false,
      error: {
        kind: 'migration-failed',
        message: expect.stringContaining('did not make version 1'),
      },
    });
  });

  it('checks the migrated scenario against the schema, naming wrong fields', () => {
    const lossy: Migrations = { 0: (doc) => ({ ...doc, version: 1, nodes: 'gone' }) };
    expect(importScenarioText(version0(), { migrations: lossy })).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        problems: expect.arrayContaining([{ field: 'nodes', message: expect.any(String) }]),
      },
    });
  });

  it('passes on what is not a versioned scenario, for the schema to name', () => {
    for (const input of [null, [], 'text', { format: 'other', version: 0 }, { version: 0 }]) {
      expect(migrateScenario(input, v0toV1)).toEqual({ ok: true, value: { document: input } });
    }
  });

  it('parseScenario goes through the same hook', () => {
    const input = lab1Json();
    input.version = 7;
    expect(parseScenario(input)).toMatchObject({ ok: false, problems: [{ field: 'version' }] });
  });
});
