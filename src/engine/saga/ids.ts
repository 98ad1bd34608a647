/** Ids of a try and of a step, as the machine, the services and the log share them. */

import type { SagaFact } from './traceEvents';
import type { Work } from './types';

/** A try of a step's action or undo: a reply names the try it answers. */
export function commandIdOf(saga: string, index: number, work: Work, attempt: number): string {
  return `${saga}:${index}:${work === 'action' ? 'a' : 'c'}:${attempt}`;
}

/** One key for every try of a step: a service applies a step's action (or undo) once. */
export function idempotencyKey(saga: string, step: string): string {
  return `${saga}/${step}`;
}

/** Identifies a fact within its instance, so a fact observed twice is folded once. */
export function factKey(fact: SagaFact): string {
  return 'index' in fact ? `${fact.type}/${fact.index}/${fact.attempt}` : fact.type;
}
