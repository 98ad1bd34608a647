import { useEffect, useRef } from 'react';
import type { LogLabDeps, LogLabSession } from '../../app/logLabSession';
import { ReplayLab, type ReplayLabSnapshot } from '../../engine/replay/ReplayLab';
import { useT } from '../i18n';
import { GuideView } from '../lab/GuideView';
import { AccountPanel } from './AccountPanel';
import { FlightLayer, useFlights } from './Flights';
import { operationLabel, operationTone } from './format';
import { REPLAY_GUIDE } from './guides';
import { LabFrame } from './LabFrame';
import { LogTape } from './LogTape';
import { ReplayJournal } from './ReplayJournal';
import { ReplayPanel } from './ReplayPanel';
import { useLogTestApi } from './testApi';
import { useLogLabSession, useLogLabState } from './useLogLabSession';

export type ReplaySession = LogLabSession<ReplayLab, ReplayLabSnapshot>;

// module scope: the session hook reopens when this function changes
const openReplayLab = (deps: LogLabDeps) => ReplayLab.open(deps);

/** Course task 5: an account, its log, and a NEW account rebuilt from the log by replay. */
export function ReplayLabPage() {
  const opened = useLogLabSession<ReplayLab, ReplayLabSnapshot>('replay-lab', openReplayLab);
  return (
    <LabFrame lab="replay" opened={opened}>
      {(session) => <ReplayLabView session={session} />}
    </LabFrame>
  );
}

function ReplayLabView({ session }: { session: ReplaySession }) {
  const { t } = useT();
  const snapshot = useLogLabState(session, (s) => s.snapshot);
  useLogTestApi(session);
  const { layerRef, flights, fly, flyEach, land } = useFlights();
  const boardRef = useRef<HTMLDivElement>(null);

  // the events the replay read (each one when paced, a sample at full speed) fly from their
  // cells on the tape (or the tape) into the NEW account, a few a frame
  const sample = snapshot.replay.sample;
  const flown = useRef(-1);
  useEffect(() => {
    const fresh = sample.filter((r) => r.offset > flown.current);
    // a restart or a scrub back: the sample begins again
    if (fresh.length === 0 && (sample.at(-1)?.offset ?? -1) < flown.current) {
      flown.current = sample.at(-1)?.offset ?? -1;
    }
    if (fresh.length === 0) return;
    flown.current = fresh.at(-1)?.offset ?? flown.current;
    const board = boardRef.current;
    const tape = board?.querySelector('.tape') ?? null;
    const account = board?.querySelector('.replayed .balance') ?? null;
    flyEach(
      fresh.map((r) => {
        const cell = board?.querySelector(`[data-offset="${r.offset}"]`);
        // a record off the tape's page leaves from a point down the tape, spread by its
        // offset, so a sample reads as a stream of chips rather than one stack
        return {
          from: cell ?? tape,
          ...(cell ? {} : { fromHeight: 0.15 + 0.7 * ((r.offset % 7) / 6) }),
          to: account,
          label: operationLabel(r.event, r.data),
          tone: operationTone(r.event),
        };
      }),
    );
  }, [sample, flyEach]);

  // an operation the store confirmed flies from the account into the log
  const newest = snapshot.tape.records.at(-1);
  const liveApplied = snapshot.live.applied;
  const seenLive = useRef(liveApplied);
  useEffect(() => {
    if (liveApplied <= seenLive.current) {
      seenLive.current = liveApplied;
      return;
    }
    seenLive.current = liveApplied;
    const board = boardRef.current;
    if (!newest) return;
    fly(
      board?.querySelector('.live .balance') ?? null,
      board?.querySelector(`[data-offset="${newest.offset}"]`) ?? null,
      operationLabel(newest.event, newest.data),
      operationTone(newest.event),
    );
  }, [liveApplied, newest, fly]);

  return (
    <>
      <section className="stage log-stage" aria-label={t('eventLog')}>
        <div className="replay-board" ref={boardRef}>
          <AccountPanel session={session} snapshot={snapshot} />
          <LogTape session={session} snapshot={snapshot} />
          <ReplayPanel session={session} snapshot={snapshot} />
          <ReplayJournal journal={snapshot.replay.journal} />
        </div>
        <FlightLayer layerRef={layerRef} flights={flights} land={land} />
      </section>
      <aside className="side">
        <GuideView guide={REPLAY_GUIDE} />
      </aside>
    </>
  );
}
