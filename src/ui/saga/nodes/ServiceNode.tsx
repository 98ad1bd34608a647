import type { NodeProps } from '@xyflow/react';
import { isEnded } from '../../../engine/saga';
import type { SagaSnapshot } from '../../../engine/sim';
import type { PoolStats } from '../../../workers/pool';
import { useSession, useSessionState } from '../../lab/session';
import { choiceOf } from '../faultChoices';
import type { SagaFlowNode } from '../sagaLayout';
import { type SagaStringKey, useSagaT } from '../strings';
import { SagaNodeFrame } from './SagaNodeFrame';
import { SagaStat } from './SagaStat';

const HANDLES = [
  { id: 'top', type: 'target', position: 'top' },
  // replies and published events leave on the left of the bottom, deliveries arrive on the right
  { id: 'out', type: 'source', position: 'bottom', at: 35 },
  { id: 'in', type: 'target', position: 'bottom', at: 65 },
] as const;

/** The orders whose current step is this service's, and whether each is being undone. */
function workingOn(saga: SagaSnapshot | undefined, service: string) {
  return (saga?.instances ?? []).filter(
    (i) =>
      !isEnded(i) && i.stage !== 'resolved' && saga?.definition.steps[i.index]?.service === service,
  );
}

/** A saga service and its own store: stock, money or deliveries, as its log rebuilt them. */
export function ServiceNode({ id, data }: NodeProps<SagaFlowNode>) {
  const { text: s } = useSagaT();
  const saga = useSessionState((st) => st.snapshot.saga);
  const index = saga?.definition.steps.findIndex((x) => x.service === id) ?? -1;
  const step = saga?.definition.steps[index];
  const busy = workingOn(saga, id);
  const undoing = busy.some((i) => i.work === 'compensation');
  const faults = Object.entries(saga?.faults[id] ?? {});
  return (
    <SagaNodeFrame
      id={id}
      kind="service"
      kindLabel={s('kindService')}
      name={data.label}
      handles={HANDLES}
      state={
        faults.length > 0 ? 'faulty' : undoing ? 'undoing' : busy.length > 0 ? 'busy' : undefined
      }
    >
      {step && (
        <p className="saga-step mono">
          {index + 1}. {step.action} <span aria-hidden="true">↔</span>
          <span className="sr-only">/</span> {step.compensation}
        </p>
      )}
      <dl className="saga-stats">{saga && <Store service={id} saga={saga} />}</dl>
      {faults.map(([command, fault]) => (
        <p key={command} className="saga-fault" data-testid={`fault-${id}`}>
          ⚠ {command}: {s(choiceOf(fault) as SagaStringKey)}
        </p>
      ))}
      <p className="saga-working mono" data-testid={`working-${id}`}>
        {busy.length > 0 &&
          `${s('working')} ${busy.map((i) => (i.work === 'compensation' ? `↩${i.saga}` : i.saga)).join(' ')}`}
      </p>
      {saga?.workers[id] && <Workers service={id} pool={saga.workers[id]} />}
    </SagaNodeFrame>
  );
}

const WORKER_STATES: Readonly<Record<string, SagaStringKey>> = {
  busy: 'workerBusy',
  idle: 'workerIdle',
  starting: 'workerStarting',
};

/** The service's Web Worker(s), busy or idle, and the switch that kills one mid-command. */
function Workers({ service, pool }: { service: string; pool: PoolStats }) {
  const { text: s } = useSagaT();
  const session = useSession();
  return (
    <>
      <ul className="workers saga-workers" aria-label={`${service} ${s('workers')}`}>
        {pool.workers.map((w) => (
          <li key={w.id} className={`worker is-${w.state}`} data-testid={`worker-${w.id}`}>
            <span className="worker-dot" aria-hidden="true" />
            <span className="mono">{w.id.split(':').pop()}</span>
            <span className="worker-state">
              {WORKER_STATES[w.state] ? s(WORKER_STATES[w.state] as SagaStringKey) : w.state}
            </span>
            <button
              type="button"
              className="btn small danger nodrag"
              aria-label={`${s('killWorker')} ${w.id}`}
              // a command the worker holds goes back to its queue, redelivered
              onClick={() => session.sim.saga?.killWorker(service, w.id)}
            >
              {s('kill')}
            </button>
            <span className="mono muted worker-counts">
              {w.acked} {s('done')}
              {w.held > 0 ? ` · ${s('holding')} ${w.held}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {pool.failed > 0 && (
        <p className="saga-workers-lost muted mono" data-testid={`workers-lost-${service}`}>
          {s('workersKilled')}: {pool.failed}
        </p>
      )}
    </>
  );
}

function Store({ service, saga }: { service: string; saga: SagaSnapshot }) {
  const { text: s } = useSagaT();
  const { inventory, shipping } = saga.stores;
  if (service === 'inventory') {
    const held = Object.values(inventory.reservations).reduce((n, r) => n + r.qty, 0);
    return (
      <>
        {Object.entries(inventory.stock).map(([sku, n]) => (
          <SagaStat key={sku} label={`${sku} ${s('onShelf')}`} value={n} testId={`stock-${sku}`} />
        ))}
        <SagaStat label={s('held')} value={held} testId="stock-held" />
      </>
    );
  }
  if (service === 'payment') {
    const { charged, refunded, kept } = saga.money;
    return (
      <>
        <SagaStat label={s('charged')} value={charged} testId="money-charged" />
        <SagaStat label={s('refunded')} value={refunded} testId="money-refunded" tone="undo" />
        <SagaStat label={s('kept')} value={kept} testId="money-kept" />
      </>
    );
  }
  const all = Object.values(shipping.deliveries);
  const created = all.filter((d) => d.status === 'created').length;
  return (
    <>
      <SagaStat label={s('deliveries')} value={created} testId="deliveries-created" />
      <SagaStat
        label={s('cancelled')}
        value={all.length - created}
        testId="deliveries-cancelled"
        tone="undo"
      />
    </>
  );
}
