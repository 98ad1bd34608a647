import type { NodeProps } from '@xyflow/react';
import type { ConsumerNode as ConsumerModel } from '../../../engine/scenario';
import type { HandlerKind } from '../../../workers/types';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { CustomHandlerEditor } from './CustomHandlerEditor';
import { HandlerSettings } from './HandlerSettings';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';

const HANDLERS: readonly HandlerKind[] = [
  'listeners',
  'email',
  'sms',
  'analytics',
  'log',
  'slow',
  'flaky',
  'poison',
  'custom',
];

/** A consumer: its Web Workers (busy, idle, failed), their handler, and the kill switch. */
export function ConsumerNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const session = useSession();
  const node = data.node as ConsumerModel;
  const state = useSessionState((s) => s.snapshot.consumers[node.id]);
  const workers = state?.workers ?? [];
  const handlerKind = state?.handler.kind ?? node.handler.kind;
  return (
    <NodeShell node={node} kindLabel={t('kindConsumer')} inputs pulse={state?.acked ?? 0}>
      <label className="field nodrag">
        <span>{t('handler')}</span>
        <select
          aria-label={`${node.label} handler`}
          value={handlerKind}
          onChange={(e) => session.setHandler(node.id, e.target.value as HandlerKind)}
        >
          {HANDLERS.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
      {state !== undefined && (
        <HandlerSettings consumerId={node.id} label={node.label} handler={state.handler} />
      )}
      {state?.handler.kind === 'custom' && (
        <CustomHandlerEditor
          consumerId={node.id}
          label={node.label}
          source={state.handler.source}
        />
      )}
      <ul className="workers" aria-label={`${node.label} workers`}>
        {workers.map((w) => (
          <li key={w.id} className={`worker is-${w.state}`}>
            <span className="worker-dot" aria-hidden="true" />
            <span className="mono">{w.id.split(':').pop()}</span>
            <span className="worker-state">{w.state}</span>
            <span className="mono muted" data-testid={`done-${w.id}`}>
              {w.acked} done{w.held > 0 ? ` · ${w.held} held` : ''}
            </span>
            <button
              type="button"
              className="btn small danger nodrag"
              aria-label={`Kill worker ${w.id}`}
              onClick={() => session.killWorker(node.id, w.id)}
            >
              Kill
            </button>
          </li>
        ))}
      </ul>
      <div className="node-actions">
        <button
          type="button"
          className="btn small nodrag"
          aria-label={`Remove a worker from ${node.label}`}
          disabled={(state?.desired ?? 0) <= 0}
          onClick={() => session.addWorkers(node.id, -1)}
        >
          −
        </button>
        <span className="mono" data-testid={`workers-${node.id}`}>
          {state?.desired ?? node.workers} workers
        </span>
        <button
          type="button"
          className="btn small nodrag"
          aria-label={`Add a worker to ${node.label}`}
          disabled={(state?.desired ?? 0) >= 8}
          onClick={() => session.addWorkers(node.id, 1)}
        >
          +
        </button>
      </div>
      <dl className="stats">
        <Stat label={t('acked')} value={state?.acked ?? 0} testId={`acked-${node.id}`} />
        <Stat
          label={t('nacked')}
          value={state?.nacked ?? 0}
          bad={(state?.nacked ?? 0) > 0}
          testId={`nacked-${node.id}`}
        />
        <Stat
          label={t('workersFailed')}
          value={state?.failedWorkers ?? 0}
          bad={(state?.failedWorkers ?? 0) > 0}
          testId={`failed-workers-${node.id}`}
        />
      </dl>
      {state?.lastOutput !== undefined && <p className="node-output mono">{state.lastOutput}</p>}
    </NodeShell>
  );
}
