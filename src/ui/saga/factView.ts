import type { SagaFact } from '../../engine/saga';
import type { SagaStringKey } from './strings';

export type FactTone = 'start' | 'forward' | 'retry' | 'failed' | 'undo' | 'done' | 'cancelled';

export interface FactView {
  readonly text: string;
  readonly tone: FactTone;
  /** the step failed for good here: where the saga turned back */
  readonly failedHere: boolean;
}

/** One fact of the saga log as a chip of its timeline: a few words, and its colour. */
export function factView(fact: SagaFact, s: (key: SagaStringKey) => string): FactView {
  const plain = (text: string, tone: FactTone): FactView => ({ text, tone, failedHere: false });
  switch (fact.type) {
    case 'saga.started':
      return plain(s('factStarted'), 'start');
    case 'saga.step-started':
      return plain(`${fact.step} →`, 'forward');
    case 'saga.step-retried':
      return plain(`${fact.step} ${s('factTry')} ${fact.attempt}`, 'retry');
    case 'saga.step-succeeded':
      return plain(`${fact.step} ✓`, 'forward');
    case 'saga.step-failed':
    case 'saga.step-timed-out': {
      const what = fact.type === 'saga.step-timed-out' ? s('factTimedOut') : fact.reason;
      const again = fact.retryAt !== undefined;
      return {
        text: `${fact.step} ✗ ${what}${again ? ` (${s('retryLater')})` : ''}`,
        tone: again ? 'retry' : 'failed',
        failedHere: !again,
      };
    }
    case 'saga.compensation-started':
      return plain(`↩ ${s('factUndo')} ${fact.step}`, 'undo');
    case 'saga.compensated':
      return plain(`↩ ${fact.step} ${s('factUndone')}`, 'undo');
    case 'saga.compensation-failed':
      return plain(`↩ ${fact.step} ✗ ${fact.reason}`, 'retry');
    case 'saga.completed':
      return plain(s('factCompleted'), 'done');
    case 'saga.aborted':
      return plain(`${s('factAborted')}: ${fact.step}`, 'cancelled');
  }
}
