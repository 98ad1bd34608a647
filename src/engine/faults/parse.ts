import type { FaultProblem } from './problems';
import { problemsOf } from './problems';
import { type FaultScript, faultScriptSchema } from './schema';

export type FaultScriptResult =
  | { readonly ok: true; readonly script: FaultScript }
  | { readonly ok: false; readonly problems: readonly FaultProblem[] };

/** Validates anything that claims to be a fault script (parsed JSON, an editor's lines). */
export function parseFaultScript(input: unknown): FaultScriptResult {
  const result = faultScriptSchema.safeParse(input);
  return result.success
    ? { ok: true, script: result.data }
    : { ok: false, problems: problemsOf(result.error) };
}
