import type { ReactNode } from 'react';
import { isEnded } from '../../engine/saga';
import type { SagaMode, SagaRuntime } from '../../engine/sim';
import { useSessionState } from '../lab/session';
import {
  choiceOf,
  FAULT_CHOICES,
  type FaultChoice,
  PIVOTS,
  type SagaPivot,
  setStepFault,
  UNDO_CHOICES,
} from './faultChoices';
import { useSagaT } from './strings';

/**
 * A step per row, how its action behaves (works, fails always, once, times out) and how its
 * undo does (works, fails once, twice, always); and the pivot, which reopens the run.
 */
export function FaultPanel({
  saga,
  mode,
  pivot,
  onPivot,
}: {
  saga: SagaRuntime;
  mode: SagaMode;
  pivot: SagaPivot;
  onPivot: (pivot: SagaPivot) => void;
}) {
  const { text: s } = useSagaT();
  const faults = useSessionState((st) => st.snapshot.saga?.faults);
  const running = useSessionState(
    (st) => st.snapshot.saga?.instances.some((i) => !isEnded(i)) ?? false,
  );
  return (
    <section className="panel saga-faults" aria-label={s('faults')}>
      <h2>{s('faults')}</h2>
      {saga.definition.steps.map(({ name, service, action, compensation }) => (
        <div key={name} className="saga-fault-step">
          <ChoiceRow
            label={
              <>
                {name} <span className="muted">({service})</span>
              </>
            }
            value={choiceOf(faults?.[service]?.[action])}
            choices={FAULT_CHOICES}
            onChoose={(c) => setStepFault(saga, mode, name, c)}
          />
          {compensation !== undefined && (
            <ChoiceRow
              undo
              label={
                <>
                  {s('undoOf')} {name} <span className="muted">({compensation})</span>
                </>
              }
              value={choiceOf(faults?.[service]?.[compensation])}
              choices={UNDO_CHOICES}
              onChoose={(c) => setStepFault(saga, mode, name, c, 'compensation')}
            />
          )}
        </div>
      ))}
      <p className="muted small">{s('faultsHint')}</p>
      <label className="saga-fault-row saga-pivot">
        <span>{s('pivot')}</span>
        <select
          value={pivot}
          disabled={running}
          onChange={(e) => onPivot(e.target.value as SagaPivot)}
        >
          {PIVOTS.map((p) => (
            <option key={p} value={p}>
              {p === 'none' ? s('none') : p}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{s('pivotHint')}</p>
    </section>
  );
}

/** One step's action or undo, and how it behaves. */
function ChoiceRow({
  label,
  undo = false,
  value,
  choices,
  onChoose,
}: {
  label: ReactNode;
  undo?: boolean;
  value: FaultChoice;
  choices: readonly FaultChoice[];
  onChoose: (choice: FaultChoice) => void;
}) {
  const { text: s } = useSagaT();
  return (
    <label className={`saga-fault-row${undo ? ' saga-fault-undo' : ''}`}>
      <span className="mono">{label}</span>
      <select value={value} onChange={(e) => onChoose(e.target.value as FaultChoice)}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {s(c)}
          </option>
        ))}
      </select>
    </label>
  );
}
