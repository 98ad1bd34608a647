import { errorMessage } from '../errors';
import { canonicalJson } from './canonicalJson';
import { fail, invalidScenario, type ScenarioFileResult } from './fileErrors';
import { readJsonSafely, sizeProblem, utf8Bytes } from './hostile';
import { MAX_SCENARIO_BYTES } from './limits';
import { type Migrations, migrateScenario } from './migrations';
import { parseScenario } from './parse';
import type { Scenario } from './schema';

/** A scenario read from a file, a link or storage. */
export interface ImportedScenario {
  readonly scenario: Scenario;
  /** the version it was written in, when it was older and has been migrated */
  readonly migratedFrom?: number;
}

export interface ImportOptions {
  /** the migrations to apply (default: SCENARIO_MIGRATIONS); tests pass their own */
  readonly migrations?: Migrations;
}

/**
 * Reads scenario JSON from anywhere a person can hand it over: size, nesting, JSON and key
 * checks first (hostile.ts), then migration from an older version, then the schema, whose
 * problems name each wrong field. Never throws.
 */
export function importScenarioText(
  text: string,
  options: ImportOptions = {},
): ScenarioFileResult<ImportedScenario> {
  const json = readJsonSafely(text);
  if (!json.ok) return json;
  const migrated = migrateScenario(json.value, options.migrations);
  if (!migrated.ok) return migrated;
  const parsed = parseScenario(migrated.value.document);
  if (!parsed.ok) return fail(invalidScenario(parsed.problems));
  const { migratedFrom } = migrated.value;
  return {
    ok: true,
    value:
      migratedFrom === undefined
        ? { scenario: parsed.scenario }
        : { scenario: parsed.scenario, migratedFrom },
  };
}

/** What readScenarioFile needs of a File (or Blob): its size before its text. */
export interface FileLike {
  readonly size: number;
  text(): Promise<string>;
}

/** Reads a file the person picked or dropped; one over the size limit is not read at all. */
export async function readScenarioFile(
  file: FileLike,
  options: ImportOptions = {},
): Promise<ScenarioFileResult<ImportedScenario>> {
  const tooLarge = sizeProblem<ImportedScenario>(file.size);
  if (tooLarge) return tooLarge;
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    const reason = errorMessage(error);
    return fail({ kind: 'unreadable', message: `The file could not be read: ${reason}` });
  }
  return importScenarioText(text, options);
}

export interface ExportOptions {
  /** spaces per level: 2 (the default) for a file a person may read, 0 for links and storage */
  readonly indent?: number;
}

/**
 * A scenario as the text of a `.eventlab.json` file: validated, defaults filled in, keys in a
 * stable order with `format` and `version` first (indented, unless that would take it over
 * the size limit). The same checks as an import run on it,
 * so an exported file always imports (a payload with a `constructor` key is refused here, not
 * when someone opens the file).
 */
export function exportScenarioText(
  scenario: Scenario,
  options: ExportOptions = {},
): ScenarioFileResult<string> {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return fail(invalidScenario(parsed.problems));
  let compact: string;
  try {
    compact = JSON.stringify(parsed.scenario);
  } catch (error) {
    // a BigInt or a cycle in an emit's data
    const reason = errorMessage(error);
    return fail({
      kind: 'not-json',
      message: `This scenario cannot be written as JSON: ${reason}`,
    });
  }
  const json = readJsonSafely(compact);
  if (!json.ok) return json;
  const lead = ['format', 'version'];
  const indent = options.indent ?? 2;
  const text = `${canonicalJson(json.value, indent, lead)}${indent > 0 ? '\n' : ''}`;
  if (indent > 0 && utf8Bytes(text, MAX_SCENARIO_BYTES) > MAX_SCENARIO_BYTES) {
    // indentation must not make a scenario that fits too large to import: write it compact
    const compactText = `${canonicalJson(json.value, 0, lead)}\n`;
    return sizeProblem(utf8Bytes(compactText)) ?? { ok: true, value: compactText };
  }
  return sizeProblem(utf8Bytes(text)) ?? { ok: true, value: text };
}

/** The name to offer when saving a scenario as a file. */
export function scenarioFileName(scenario: Pick<Scenario, 'id'>): string {
  return `${scenario.id}.eventlab.json`;
}
