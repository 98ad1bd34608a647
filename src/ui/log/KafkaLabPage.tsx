import type { LogLabDeps, LogLabSession } from '../../app/logLabSession';
import { KafkaLab, type KafkaLabSnapshot } from '../../engine/kafka/KafkaLab';
import { GuideView } from '../lab/GuideView';
import { PlaybackControls } from '../lab/PlaybackControls';
import { GroupsPanel } from './GroupsPanel';
import { KAFKA_GUIDE } from './guides';
import { LabFrame } from './LabFrame';
import { LagChart } from './LagChart';
import { ProducerPanel } from './ProducerPanel';
import { TopicView } from './TopicView';
import { useLogTestApi } from './testApi';
import { useLogLabSession, useLogLabState } from './useLogLabSession';

export type KafkaSession = LogLabSession<KafkaLab, KafkaLabSnapshot>;

// module scope: the session hook reopens when this function changes
const openKafkaLab = (deps: LogLabDeps) => KafkaLab.open(deps);

/** Course task 8: a topic in partitions, consumer groups with their own offsets and pace. */
export function KafkaLabPage() {
  const opened = useLogLabSession<KafkaLab, KafkaLabSnapshot>('kafka-lab', openKafkaLab);
  return (
    <LabFrame lab="kafka" opened={opened}>
      {(session) => <KafkaLabView session={session} />}
    </LabFrame>
  );
}

function KafkaLabView({ session }: { session: KafkaSession }) {
  const snapshot = useLogLabState(session, (s) => s.snapshot);
  const playback = useLogLabState(session, (s) => s.playback);
  const canStep = useLogLabState(session, (s) => s.canStep);
  useLogTestApi(session);
  return (
    <>
      <section className="stage log-stage">
        <PlaybackControls
          playback={playback}
          canStep={canStep}
          togglePause={session.togglePause}
          step={session.step}
          setSpeed={session.setSpeed}
        />
        <div className="kafka-board">
          <ProducerPanel session={session} snapshot={snapshot} />
          <TopicView snapshot={snapshot} />
        </div>
      </section>
      <aside className="side">
        <GuideView guide={KAFKA_GUIDE} />
      </aside>
      <section className="bottom">
        <GroupsPanel session={session} snapshot={snapshot} />
        <LagChart groups={snapshot.groups} />
      </section>
    </>
  );
}
