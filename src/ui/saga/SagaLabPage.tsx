import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SagaMode } from '../../engine/sim';
import { findLab } from '../../labs/catalog';
import { SAGA_GUIDE } from '../../labs/saga';
import { useT } from '../i18n';
import { GuideView } from '../lab/GuideView';
import { PlaybackBar } from '../lab/PlaybackBar';
import { SessionProvider } from '../lab/session';
import { useTestApi } from '../lab/testApi';
import { FaultPanel } from './FaultPanel';
import { type SagaPivot, savedPivot, savePivot } from './faultChoices';
import { OrdersPanel } from './OrdersPanel';
import { SagaCanvas } from './SagaCanvas';
import { SagaTimeline } from './SagaTimeline';
import { startOver } from './sagaRuns';
import { useSagaT } from './strings';
import { TotalsPanel } from './TotalsPanel';
import { type OpenedSaga, useSagaLab } from './useSagaLab';
import '../styles/saga.css';

const MODES: readonly SagaMode[] = ['orchestration', 'choreography'];

/** Course task 9: the saga, orchestrated or choreographed (`?mode=`), over the same services. */
export function SagaLabPage() {
  const { t, pick } = useT();
  const { text: s } = useSagaT();
  const [params, setParams] = useSearchParams();
  const mode: SagaMode = params.get('mode') === 'choreography' ? 'choreography' : 'orchestration';
  const entry = findLab('saga');
  // bumped by Start over: the run opens again on a new, empty log
  const [run, setRun] = useState(0);
  // each mode's pivot; a new one opens the run again on the same log
  const [pivots, setPivots] = useState(() => ({
    orchestration: savedPivot('orchestration'),
    choreography: savedPivot('choreography'),
  }));
  const pivot = pivots[mode];
  const choosePivot = (next: SagaPivot) => {
    savePivot(mode, next);
    setPivots((p) => ({ ...p, [mode]: next }));
  };
  return (
    <main className="lab saga-lab">
      <div className="lab-title">
        <h1>{entry ? pick(entry.title) : 'Saga'}</h1>
        <span className="badge">
          {t('task')} {entry?.courseTask ?? 9}
        </span>
        <fieldset className="segmented saga-mode" aria-label={s('mode')}>
          <legend className="sr-only">{s('mode')}</legend>
          {MODES.map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setParams(m === 'orchestration' ? {} : { mode: m })}
            >
              {s(m)}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="btn small"
          onClick={() => {
            startOver(mode);
            setPivots((p) => ({ ...p, [mode]: 'none' }));
            setRun((n) => n + 1);
          }}
        >
          {s('startOver')}
        </button>
      </div>
      {/* each mode its own run and its own log; switching opens the other */}
      <SagaRun key={`${mode}:${run}:${pivot}`} mode={mode} pivot={pivot} onPivot={choosePivot} />
    </main>
  );
}

interface PivotChoice {
  readonly pivot: SagaPivot;
  readonly onPivot: (pivot: SagaPivot) => void;
}

function SagaRun({ mode, pivot, onPivot }: { mode: SagaMode } & PivotChoice) {
  const opened = useSagaLab(mode, pivot);
  const { text: s } = useSagaT();
  if (opened.status === 'opening') {
    return (
      <p className="loading saga-opening" aria-busy="true">
        {s('opening')}
      </p>
    );
  }
  if (opened.status === 'failed') {
    return (
      <p className="panel log-error saga-opening" role="alert">
        {opened.message === 'locked' ? s('locked') : opened.message}
      </p>
    );
  }
  return (
    <SessionProvider session={opened.session}>
      <SagaView opened={opened} mode={mode} pivot={pivot} onPivot={onPivot} />
    </SessionProvider>
  );
}

function SagaView({
  opened,
  mode,
  pivot,
  onPivot,
}: {
  opened: Extract<OpenedSaga, { status: 'open' }>;
  mode: SagaMode;
} & PivotChoice) {
  const { session, saga } = opened;
  useTestApi(session);
  return (
    <>
      <section className="stage">
        <PlaybackBar />
        <SagaCanvas mode={mode} />
      </section>
      <aside className="side">
        <OrdersPanel saga={saga} />
        <FaultPanel saga={saga} mode={mode} pivot={pivot} onPivot={onPivot} />
        <TotalsPanel saga={saga} />
        <GuideView guide={SAGA_GUIDE} />
      </aside>
      <section className="bottom">
        <SagaTimeline saga={saga} />
      </section>
    </>
  );
}
