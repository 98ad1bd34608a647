import type { z } from 'zod';
import { migrateScenario } from './migrations';
import { SCENARIO_FORMAT, type Scenario, scenarioSchema } from './schema';

export interface ScenarioProblem {
  /** where, as a path: `nodes[2].kind`, `settings.hopMs`, or `(root)` */
  readonly field: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly ScenarioProblem[] };

export class InvalidScenarioError extends Error {
  override readonly name = 'InvalidScenarioError';
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(`Invalid scenario: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function toProblems(error: z.ZodError): ScenarioProblem[] {
  return error.issues.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
}

// a version this EventLab cannot upgrade is left as it is, for the schema to name `version`
function migrate(input: unknown): unknown {
  const migrated = migrateScenario(input);
  return migrated.ok ? migrated.value.document : input;
}

/** Validates (after migrating) anything that claims to be a scenario. */
export function parseScenario(input: unknown): ParseResult {
  if (
    typeof input === 'object' &&
    input !== null &&
    'format' in input &&
    input.format !== SCENARIO_FORMAT
  ) {
    return {
      ok: false,
      problems: [{ field: 'format', message: `must be "${SCENARIO_FORMAT}"` }],
    };
  }
  const result = scenarioSchema.safeParse(migrate(input));
  return result.success
    ? { ok: true, scenario: result.data }
    : { ok: false, problems: toProblems(result.error) };
}

/** Like parseScenario, but throws InvalidScenarioError naming every wrong field. */
export function scenarioOrThrow(input: unknown): Scenario {
  const result = parseScenario(input);
  if (!result.ok) throw new InvalidScenarioError(result.problems);
  return result.scenario;
}
