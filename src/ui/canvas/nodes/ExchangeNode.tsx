import type { NodeProps } from '@xyflow/react';
import type { ExchangeType } from '../../../engine/broker/types';
import type { ExchangeNode as ExchangeModel } from '../../../engine/scenario';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';

const TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];

/** An exchange: the post office. Its type decides which bindings a message takes. */
export function ExchangeNode({ data }: NodeProps<ScenarioFlowNode>) {
  const session = useSession();
  const node = data.node as ExchangeModel;
  const state = useSessionState((s) => s.snapshot.exchanges[node.id]);
  const type = state?.type ?? node.exchangeType;
  return (
    <NodeShell node={node} kindLabel="exchange" inputs outputs pulse={state?.published ?? 0}>
      <label className="field nodrag">
        <span>type</span>
        <select
          aria-label={`${node.label} exchange type`}
          value={type}
          onChange={(e) => session.setExchangeType(node.id, e.target.value as ExchangeType)}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <dl className="stats">
        <div>
          <dt>published</dt>
          <dd className="mono" data-testid={`published-${node.id}`}>
            {state?.published ?? 0}
          </dd>
        </div>
        <div className={(state?.unroutable ?? 0) > 0 ? 'is-bad' : undefined}>
          <dt>unroutable</dt>
          <dd className="mono">{state?.unroutable ?? 0}</dd>
        </div>
      </dl>
    </NodeShell>
  );
}
