import type { Clock } from '../../engine/clock';
import type { FromWorker, ToWorker } from '../protocol';
import { createRuntime, type Runtime } from '../runtime';
import type { WorkerEventLike, WorkerLike } from '../types';

type EventType = 'message' | 'error' | 'messageerror';

/**
 * A Web Worker in-process, for unit tests in Node: it runs the real runtime.ts, and messages
 * cross as structured clones one microtask later, as they would between threads. It can be
 * made to crash, to hang, or to have its answers held back and delivered late.
 */
export class FakeWorker implements WorkerLike {
  readonly runtime: Runtime;
  /** everything the pool sent it, in order */
  readonly received: ToWorker[] = [];
  /** stops answering without dying, as a worker stuck in an endless loop */
  hung = false;
  /** while true, its messages wait in `heldBack` instead of reaching the pool */
  holdBack = false;
  readonly heldBack: FromWorker[] = [];
  #terminated = false;
  readonly #listeners = new Map<EventType, ((event: WorkerEventLike) => void)[]>();

  constructor(clock: Clock) {
    this.runtime = createRuntime({ clock, post: (message) => this.#fromWorker(message) });
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  postMessage(message: unknown): void {
    // throws DataCloneError for what cannot cross, as a real postMessage does
    const copy = structuredClone(message) as ToWorker;
    if (this.#terminated) return;
    queueMicrotask(() => {
      if (this.#terminated || this.hung) return;
      this.received.push(copy);
      this.runtime.receive(copy);
    });
  }

  terminate(): void {
    this.#terminated = true;
    this.runtime.close();
  }

  addEventListener(type: EventType, listener: (event: WorkerEventLike) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  /** An uncaught error at the worker's top level. */
  crash(message = 'Uncaught Error: boom'): void {
    queueMicrotask(() => this.#dispatch('error', { message }));
  }

  /** A message as if the worker's code posted it itself (a custom handler can). */
  inject(data: unknown): void {
    this.#dispatch('message', { data });
  }

  /** Delivers the held-back messages now, even after terminate: answers already in flight. */
  deliverHeldBack(): void {
    for (const message of this.heldBack.splice(0)) this.#dispatch('message', { data: message });
  }

  #fromWorker(message: FromWorker): void {
    if (this.hung || this.#terminated) return;
    const copy = structuredClone(message);
    if (this.holdBack) {
      this.heldBack.push(copy);
      return;
    }
    queueMicrotask(() => {
      if (!this.#terminated) this.#dispatch('message', { data: copy });
    });
  }

  #dispatch(type: EventType, event: WorkerEventLike): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}
