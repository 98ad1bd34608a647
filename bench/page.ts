/**
 * The bench page's entry. It loads one `*.bench.ts` module on demand and runs it; the
 * runner (bench/run.mjs) drives it through `window.eventlabBench`.
 */
import type { BenchContext, BenchReport, BenchRun, HeapUsage } from './types';

interface BenchPageApi {
  run(modulePath: string): Promise<BenchReport>;
}

declare global {
  interface Window {
    eventlabBench?: BenchPageApi;
    // exposed by bench/run.mjs with page.exposeFunction
    benchHeapAfterGc?: () => Promise<HeapUsage>;
    benchLog?: (message: string) => Promise<void>;
  }
}

function runnerFunction<K extends 'benchHeapAfterGc' | 'benchLog'>(key: K): NonNullable<Window[K]> {
  const fn = window[key];
  if (fn === undefined)
    throw new Error(`window.${key} is missing: open this page via bench/run.mjs`);
  return fn as NonNullable<Window[K]>;
}

const context: BenchContext = {
  heapAfterGc: () => runnerFunction('benchHeapAfterGc')(),
  log: (message) => {
    // fire and forget: progress lines must not slow the measured code down
    void runnerFunction('benchLog')(message);
  },
};

window.eventlabBench = {
  async run(modulePath) {
    // the path comes from the runner, which lists bench/*.bench.ts; Vite serves it as is
    const loaded: { run?: unknown } = await import(/* @vite-ignore */ modulePath);
    if (typeof loaded.run !== 'function') {
      throw new Error(`${modulePath} must export "run" (see bench/types.ts, BenchRun)`);
    }
    return (loaded.run as BenchRun)(context);
  },
};
