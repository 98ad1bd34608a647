/**
 * The module Web Worker a consumer runs in: the runtime's message loop wired to `self`.
 * Started by spawn.ts; everything it does is in runtime.ts, which tests run in Node.
 */
import { RealClock } from '../engine/clock';
import type { ToWorker } from './protocol';
import { createRuntime } from './runtime';

// the app's TypeScript lib is DOM, not WebWorker (they conflict), so the worker scope is
// described by the two members used here
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
}

const scope = self as unknown as WorkerScope;
const runtime = createRuntime({
  post: (message) => scope.postMessage(message),
  clock: new RealClock(),
  now: () => performance.now(),
});
scope.addEventListener('message', (event) => runtime.receive(event.data));
