import type { z } from 'zod';

/** What is wrong with one line of a fault script, for the playground to show beside it. */
export interface FaultProblem {
  /** the action's index in the script; undefined for the script as a whole */
  readonly line: number | undefined;
  /** the field within the action (`worker`, `handler.failureRate`), or '' for the whole action */
  readonly field: string;
  readonly message: string;
}

/** `line 3, worker: must be 1 or more` */
export function describeProblem(problem: FaultProblem): string {
  const where = [
    problem.line === undefined ? '' : `line ${problem.line + 1}`,
    problem.field,
  ].filter((part) => part !== '');
  return where.length === 0 ? problem.message : `${where.join(', ')}: ${problem.message}`;
}

/** zod's issues as problems: the leading index is the line, the rest of the path the field. */
export function problemsOf(error: z.ZodError): FaultProblem[] {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path;
    const line = typeof head === 'number' ? head : undefined;
    const path = line === undefined ? issue.path : rest;
    // an unknown key is named by the key itself, not by the object holding it
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...path, ...keys.slice(0, 1)]
      .map((key) => (typeof key === 'number' ? `[${key}]` : String(key)))
      .join('.')
      .replaceAll('.[', '[');
    return { line, field, message: issue.message };
  });
}
