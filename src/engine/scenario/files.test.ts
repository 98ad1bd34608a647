import { describe, expect, it } from 'vitest';
import { LABS } from '../../labs/catalog';
import { eventBusLab } from '../../labs/eventBus';
import type { ScenarioFileResult } from './fileErrors';
import {
  exportScenarioText,
  importScenarioText,
  readScenarioFile,
  scenarioFileName,
} from './files';
import { MAX_SCENARIO_BYTES } from './limits';
import type { Scenario } from './schema';
import { hostileFiles } from './testing';

/** Lab 1 as plain JSON, a fresh copy every call: a file to spoil. */
// biome-ignore lint/suspicious/noExplicitAny: a file to spoil is deliberately untyped JSON
const lab1Json = (): any => JSON.parse(JSON.stringify(eventBusLab));

const labs = LABS.flatMap((lab) => (lab.scenario ? [[lab.id, lab.scenario] as const] : []));

function value<T>(result: ScenarioFileResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(reversedKeys);
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(
    Object.entries(input)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe('export and import', () => {
  it('has labs to round-trip', () => {
    expect(labs.length).toBeGreaterThanOrEqual(4);
  });

  it.each(labs)('%s: exported and imported, it is the same scenario', (_id, scenario) => {
    const text = value(exportScenarioText(scenario));
    const imported = value(importScenarioText(text));
    expect(imported.scenario).toStrictEqual(scenario);
    expect(imported.migratedFrom).toBeUndefined();
    // and exporting what was imported gives the same file, byte for byte
    expect(value(exportScenarioText(imported.scenario))).toBe(text);
  });

  it('writes format and version first, keys in a stable order, and ends with a newline', () => {
    const text = value(exportScenarioText(eventBusLab));
    expect(text.startsWith('{\n  "format": "eventlab.scenario",\n  "version": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const shuffled = reversedKeys(lab1Json()) as Scenario;
    expect(value(exportScenarioText(shuffled))).toBe(text);
  });

  it('writes compact JSON when asked (links, storage)', () => {
    const text = value(exportScenarioText(eventBusLab, { indent: 0 }));
    expect(text).not.toContain('\n');
    expect(text.startsWith('{"format":"eventlab.scenario","version":1,')).toBe(true);
  });

  it('fills in defaults on export, so the file says what will run', () => {
    const input = lab1Json();
    delete input.settings;
    const text = value(exportScenarioText(input));
    expect(JSON.parse(text).settings).toEqual({ hopMs: 700, speed: 1, seed: 1 });
  });

  it('writes a scenario compact when indenting would take it over 5 MB', () => {
    const input = lab1Json();
    input.nodes[0].emits[0].data = { zeros: new Array(500_000).fill(0) };
    const compact = value(exportScenarioText(input, { indent: 0 }));
    expect(compact.length).toBeLessThan(MAX_SCENARIO_BYTES);
    const text = value(exportScenarioText(input));
    expect(text).toBe(`${compact}\n`);
    expect(value(importScenarioText(text)).scenario.nodes[0]).toEqual(input.nodes[0]);
  });

  it('names the file after the scenario', () => {
    expect(scenarioFileName(eventBusLab)).toBe('event-bus.eventlab.json');
  });

  it('accepts a file that starts with a byte order mark', () => {
    const text = `\uFEFF${value(exportScenarioText(eventBusLab))}`;
    expect(value(importScenarioText(text)).scenario).toStrictEqual(eventBusLab);
  });

  it('refuses to export what it could not import, with a typed error', () => {
    const invalid = { ...lab1Json(), id: '' } as Scenario;
    expect(exportScenarioText(invalid)).toMatchObject({
      ok: false,
      error: { kind: 'invalid', problems: [{ field: 'id' }] },
    });
    const bigint = lab1Json();
    bigint.nodes[0].emits[0].data = { n: 1n };
    expect(exportScenarioText(bigint)).toMatchObject({
      ok: false,
      error: { kind: 'not-json', message: expect.stringContaining('cannot be written as JSON') },
    });
    const cyclic = lab1Json();
    cyclic.nodes[0].emits[0].data = {};
    cyclic.nodes[0].emits[0].data.self = cyclic.nodes[0].emits[0].data;
    expect(exportScenarioText(cyclic)).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    const key = lab1Json();
    key.nodes[0].emits[0].data = JSON.parse('{"constructor":1}');
    expect(exportScenarioText(key)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-key', path: 'nodes[0].emits[0].data.constructor' },
    });
  });
});

describe('hostile files are refused with a message that names the problem', () => {
  it.each(hostileFiles(lab1Json()).map((file) => [file.case, file] as const))(
    '%s',
    (_case, file) => {
      const result = importScenarioText(file.text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe(file.kind);
      for (const part of file.says) expect(result.error.message).toContain(part);
    },
  );

  it('a __proto__ key pollutes nothing, even before it is refused', () => {
    for (const file of hostileFiles(lab1Json()).filter((f) => f.kind === 'forbidden-key')) {
      importScenarioText(file.text);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('names the key and its path for a forbidden key', () => {
    const [root] = hostileFiles(lab1Json());
    expect(root && importScenarioText(root.text)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-key', key: '__proto__', path: '__proto__' },
    });
  });

  it('names every wrong field of an invalid scenario', () => {
    const input = lab1Json();
    input.nodes[2].kind = 'robot';
    input.settings.hopMs = -1;
    const result = importScenarioText(JSON.stringify(input));
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [{ field: 'nodes[2].kind' }, { field: 'settings.hopMs' }],
      },
    });
    expect(!result.ok && result.error.message).toMatch(
      /^This is not a valid scenario: nodes\[2\]\.kind: .+; settings\.hopMs: /,
    );
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    // 2 bytes a character: 2.7 M characters are 5.4 million bytes, over 5 MiB
    const text = JSON.stringify({ ...lab1Json(), id: 'ї'.repeat(2_700_000) });
    expect(text.length).toBeLessThan(MAX_SCENARIO_BYTES);
    expect(importScenarioText(text)).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });
});

describe('reading a file', () => {
  const file = (text: string) => new Blob([text], { type: 'application/json' });

  it('reads a Blob (a File is one)', async () => {
    const text = value(exportScenarioText(eventBusLab));
    expect(value(await readScenarioFile(file(text))).scenario).toStrictEqual(eventBusLab);
  });

  it('refuses a file over 5 MB by its size, without reading it', async () => {
    let read = false;
    const big = {
      size: MAX_SCENARIO_BYTES + 1,
      text: async () => {
        read = true;
        return '';
      },
    };
    const result = await readScenarioFile(big);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'too-large', bytes: MAX_SCENARIO_BYTES + 1, limit: MAX_SCENARIO_BYTES },
    });
    expect(!result.ok && result.error.message).toBe(
      'This scenario is more than 5 MB; the most EventLab reads is 5 MB.',
    );
    expect(read).toBe(false);
  });

  it('reports a file that cannot be read as a typed error', async () => {
    const broken = { size: 10, text: () => Promise.reject(new Error('permission denied')) };
    expect(await readScenarioFile(broken)).toMatchObject({
      ok: false,
      error: { kind: 'unreadable', message: 'The file could not be read: permission denied' },
    });
  });
});
