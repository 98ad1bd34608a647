import type { NodeProps } from '@xyflow/react';
import type { ExchangeType } from '../../../engine/broker/types';
import type { ExchangeNode as ExchangeModel } from '../../../engine/scenario';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';

const TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];

/** An exchange: the post office. Its type decides which bindings a message takes. */
export function ExchangeNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const session = useSession();
  const node = data.node as ExchangeModel;
  const state = useSessionState((s) => s.snapshot.exchanges[node.id]);
  const type = state?.type ?? node.exchangeType;
  return (
    <NodeShell
      node={node}
      kindLabel={t('kindExchange')}
      inputs
      outputs
      pulse={state?.published ?? 0}
    >
      <label className="field nodrag">
        <span>{t('exchangeType')}</span>
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
        <Stat
          label={t('published')}
          value={state?.published ?? 0}
          testId={`published-${node.id}`}
        />
        <Stat
          label={t('unroutable')}
          value={state?.unroutable ?? 0}
          bad={(state?.unroutable ?? 0) > 0}
          testId={`unroutable-${node.id}`}
        />
      </dl>
    </NodeShell>
  );
}
