import { type KafkaLabSnapshot, MAX_PACE } from '../../engine/kafka/KafkaLab';
import { useCommand } from '../useCommand';
import { groupColor } from './groupColors';
import type { KafkaSession } from './KafkaLabPage';
import { useLogT } from './strings';

/** Each group: its members with their pace and partitions, its lag, replay and membership. */
export function GroupsPanel({
  session,
  snapshot,
}: {
  session: KafkaSession;
  snapshot: KafkaLabSnapshot;
}) {
  const { text: l } = useLogT();
  const [failed, attempt] = useCommand();
  const groups = snapshot.groups.map((g) => g.group);
  return (
    <section className="panel groups-panel" aria-label={l('consumers')}>
      <h2>{l('consumers')}</h2>
      {failed !== undefined && (
        <p className="log-error" role="alert">
          {failed}
        </p>
      )}
      <div className="groups">
        {snapshot.groups.map((g) => (
          <article
            key={g.group}
            className="group-card"
            data-group={g.group}
            aria-label={`${l('group')} ${g.group}`}
            style={{ borderColor: groupColor(groups, g.group) }}
          >
            <header>
              <strong style={{ color: groupColor(groups, g.group) }}>{g.group}</strong>
              <span className="lag" data-testid={`lag-${g.group}`}>
                {l('lag')} {g.lag}
              </span>
            </header>
            <p className="muted small">
              {l('committed')}:{' '}
              {Object.entries(g.committed)
                .map(([p, o]) => `P${p}@${o}`)
                .join(' · ') || '—'}
            </p>
            <ul className="members">
              {snapshot.consumers
                .filter((c) => c.group === g.group)
                .map((c) => (
                  <li key={c.id} data-consumer={c.id}>
                    <div className="member-head">
                      <code>{c.id}</code>
                      <span className="muted small">
                        {l('partitionsHeld')}:{' '}
                        {c.assignment.length > 0
                          ? c.assignment.map((p) => `P${p}`).join(', ')
                          : l('none')}
                      </span>
                      <span className="small" data-testid={`processed-${c.id}`}>
                        {c.processed} {l('processed')}
                      </span>
                    </div>
                    <div className="slider">
                      <span>
                        {l('pace')}: <output>{c.pace}</output>
                      </span>
                      <input
                        type="range"
                        min={0}
                        max={MAX_PACE}
                        step={1}
                        value={c.pace}
                        aria-label={`${l('pace')} ${c.id}`}
                        onChange={(e) =>
                          attempt(() => session.lab.setPace(c.id, Number(e.target.value)))
                        }
                      />
                    </div>
                    {g.members.length > 1 && (
                      <button
                        type="button"
                        className="btn small"
                        onClick={() => attempt(() => session.lab.removeMember(c.id))}
                      >
                        {l('removeMember')} {c.id}
                      </button>
                    )}
                  </li>
                ))}
            </ul>
            <div className="row">
              <button
                type="button"
                className="btn small primary"
                onClick={() => attempt(() => session.lab.replay(g.group))}
                disabled={g.members.length === 0}
              >
                {l('replayGroup')} ({g.group})
              </button>
              <button
                type="button"
                className="btn small"
                onClick={() => attempt(() => session.lab.addMember(g.group))}
              >
                {l('addMember')}
              </button>
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}
