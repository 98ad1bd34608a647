import { type ComparedRow, compareRuns, type RunSummary } from '../metrics';
import type { Scenario } from '../scenario';
import { updateNode } from '../scenario/edit';
import { type HeadlessRunOptions, runHeadless } from './headlessRun';

export interface Variant {
  readonly node: string;
  readonly patch: Readonly<Record<string, unknown>>;
}

export type CompareResult =
  | {
      readonly ok: true;
      readonly a: RunSummary;
      readonly b: RunSummary;
      readonly rows: readonly ComparedRow[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The same scenario twice on the same seed, the second with one setting changed (1 against 3
 * workers, prefetch 1 against 50), and their summaries side by side. A change the schema
 * refuses is said, and nothing runs.
 */
export async function compareVariants(
  scenario: Scenario,
  variant: Variant,
  options: HeadlessRunOptions,
): Promise<CompareResult> {
  const changed = updateNode(scenario, variant.node, { ...variant.patch });
  if (!changed.ok) {
    return { ok: false, reason: `${changed.field ? `${changed.field}: ` : ''}${changed.reason}` };
  }
  const half = (offset: number) => (done: number) => options.onProgress?.(offset + done / 2);
  const a = await runHeadless(scenario, { ...options, onProgress: half(0) });
  const b = await runHeadless(changed.scenario, { ...options, onProgress: half(0.5) });
  return { ok: true, a, b, rows: compareRuns(a, b) };
}
