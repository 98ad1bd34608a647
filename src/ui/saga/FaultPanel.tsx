import type { SagaMode, SagaRuntime } from '../../engine/sim';
import { useSessionState } from '../lab/session';
import { choiceOf, FAULT_CHOICES, type FaultChoice, setStepFault } from './faultChoices';
import { useSagaT } from './strings';

/** A step per row and how it behaves: works, fails always, fails once, or times out. */
export function FaultPanel({ saga, mode }: { saga: SagaRuntime; mode: SagaMode }) {
  const { text: s } = useSagaT();
  const faults = useSessionState((st) => st.snapshot.saga?.faults);
  return (
    <section className="panel saga-faults" aria-label={s('faults')}>
      <h2>{s('faults')}</h2>
      {saga.definition.steps.map(({ name, service, action }) => (
        <label key={name} className="saga-fault-row">
          <span className="mono">
            {name} <span className="muted">({service})</span>
          </span>
          <select
            value={choiceOf(faults?.[service]?.[action])}
            onChange={(e) => setStepFault(saga, mode, name, e.target.value as FaultChoice)}
          >
            {FAULT_CHOICES.map((c) => (
              <option key={c} value={c}>
                {s(c)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <p className="muted small">{s('faultsHint')}</p>
    </section>
  );
}
