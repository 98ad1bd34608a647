import { errorMessage } from '../errors';
import { fail, type ScenarioFileResult } from './fileErrors';
import { SCENARIO_FORMAT, SCENARIO_VERSION } from './schema';

/** One step: a document of version N (its key in Migrations) to version N + 1. */
export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;
export type Migrations = Readonly<Partial<Record<number, Migration>>>;

/**
 * Migrations from older versions, keyed by the version they upgrade from. Version 1 is the
 * first, so there are none yet (migrations.test.ts proves the path with a test one). Bump
 * SCENARIO_VERSION (schema.ts) only together with a step here, so a saved file never breaks.
 */
export const SCENARIO_MIGRATIONS: Migrations = {};

export interface Migrated {
  readonly document: unknown;
  /** the version the document was, when it was migrated */
  readonly migratedFrom?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings a scenario of an older version up to SCENARIO_VERSION, step by step. What is not a
 * versioned scenario (no format, a version that is not a whole number) is passed on as it is,
 * for the schema to name what is wrong. A newer version, or one with no migration, is refused.
 */
export function migrateScenario(
  input: unknown,
  migrations: Migrations = SCENARIO_MIGRATIONS,
): ScenarioFileResult<Migrated> {
  if (!isRecord(input) || input.format !== SCENARIO_FORMAT)
    return { ok: true, value: { document: input } };
  const from = input.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from === SCENARIO_VERSION) {
    return { ok: true, value: { document: input } };
  }
  if (from > SCENARIO_VERSION) {
    return fail({
      kind: 'unsupported-version',
      version: from,
      message: `This scenario is version ${from}, from a newer EventLab; this one reads versions up to ${SCENARIO_VERSION}. Update EventLab to open it.`,
    });
  }
  let document = input;
  for (let version = from; version < SCENARIO_VERSION; version++) {
    const step = migrations[version];
    if (step === undefined) {
      return fail({
        kind: 'unsupported-version',
        version: from,
        message: `This scenario is version ${from}; EventLab reads version ${SCENARIO_VERSION} and has no way to upgrade version ${version}.`,
      });
    }
    try {
      document = step(document);
    } catch (error) {
      const reason = errorMessage(error);
      return fail({
        kind: 'migration-failed',
        from: version,
        message: `This scenario could not be upgraded from version ${version}: ${reason}`,
      });
    }
    // a step that forgets to bump the version would be applied again, or skip one
    if (!isRecord(document) || document.version !== version + 1) {
      return fail({
        kind: 'migration-failed',
        from: version,
        message: `This scenario could not be upgraded from version ${version}: the upgrade did not make version ${version + 1}.`,
      });
    }
  }
  return { ok: true, value: { document, migratedFrom: from } };
}
