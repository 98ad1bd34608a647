import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { createLabSession, type LabSession } from '../../app/labSession';
import type { Scenario } from '../../engine/scenario';
import { findLab } from '../../labs/catalog';
import { spawnConsumerWorker } from '../../workers/spawn';
import { ScenarioCanvas } from '../canvas/ScenarioCanvas';
import { useT } from '../i18n';
import { NotFound } from '../NotFound';
import { ActivityPanel } from './ActivityPanel';
import { EmitForm } from './EmitForm';
import { EventLogPanel } from './EventLogPanel';
import { GuidePanel } from './GuidePanel';
import { InspectorPanel } from './InspectorPanel';
import { PlaybackBar } from './PlaybackBar';
import { SessionProvider, useSession } from './session';
import { useTestApi } from './testApi';
import { WebhookPanel } from './WebhookPanel';

/** Labs with a page of their own (see LabEntry.page), loaded with their first visit. */
const LOG_PAGES = {
  replay: lazy(async () => ({ default: (await import('../log/ReplayLabPage')).ReplayLabPage })),
  kafka: lazy(async () => ({ default: (await import('../log/KafkaLabPage')).KafkaLabPage })),
  saga: lazy(async () => ({ default: (await import('../saga/SagaLabPage')).SagaLabPage })),
};

export function LabPage() {
  const { labId = '' } = useParams();
  const { t } = useT();
  const lab = findLab(labId);
  if (lab === undefined) return <NotFound />;
  if (lab.page !== undefined) {
    const Page = LOG_PAGES[lab.page];
    return (
      <Suspense fallback={<div className="loading" aria-busy="true" />}>
        <Page key={lab.id} />
      </Suspense>
    );
  }
  if (lab.scenario === undefined) return <NotFound message={t('notBuilt')} />;
  return <LabRunner key={lab.id} scenario={lab.scenario} />;
}

function LabRunner({ scenario }: { scenario: Scenario }) {
  const [session, setSession] = useState<LabSession | undefined>(undefined);
  useEffect(() => {
    const created = createLabSession(scenario, undefined, { spawnWorker: spawnConsumerWorker });
    setSession(created);
    return () => created.dispose();
  }, [scenario]);
  if (session === undefined) return null;
  return (
    <SessionProvider session={session}>
      <LabLayout />
    </SessionProvider>
  );
}

function LabLayout() {
  const { pick, t } = useT();
  const session = useSession();
  useTestApi(session);
  const { scenario } = session;
  return (
    <main className="lab">
      <div className="lab-title">
        <h1>{pick(scenario.title)}</h1>
        {scenario.courseTask !== undefined && (
          <span className="badge">
            {t('task')} {scenario.courseTask}
          </span>
        )}
        <Link
          className="btn small title-action"
          to={`/playground?from=${encodeURIComponent(scenario.id)}`}
        >
          {t('openInPlayground')}
        </Link>
      </div>
      <section className="stage">
        <PlaybackBar />
        <ScenarioCanvas />
      </section>
      <aside className="side">
        <InspectorPanel />
        {/* a lab with an HTTP endpoint takes requests from the real server */}
        {scenario.nodes.some((n) => n.kind === 'http') && <WebhookPanel />}
        <GuidePanel />
        <EmitForm />
      </aside>
      <section className="bottom">
        <EventLogPanel />
        <ActivityPanel />
      </section>
    </main>
  );
}
