import type { NodeProps } from '@xyflow/react';
import type { ProducerNode as ProducerModel } from '../../../engine/scenario';
import { useT } from '../../i18n';
import { useSession } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { LoadControls } from './LoadControls';
import { NodeShell } from './NodeShell';
import { OrderServiceControls } from './OrderServiceControls';

/** A producer with one button per event it emits: "Emit user.registered". */
export function ProducerNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const session = useSession();
  const node = data.node as ProducerModel;
  return (
    <NodeShell
      node={node}
      kindLabel={node.service === 'orders' ? t('kindService') : t('kindProducer')}
      outputs
    >
      {node.service === 'orders' && <OrderServiceControls producerId={node.id} />}
      <div className="emit-buttons">
        {node.emits.map((preset) => (
          <button
            key={`${preset.event} ${preset.label ?? ''}`}
            type="button"
            className="btn emit nodrag"
            onClick={() => session.send(node.id, preset.event, preset.data, preset.headers)}
          >
            <span className="emit-verb">Emit</span> <span className="mono">{preset.event}</span>
            {preset.label !== undefined && <span className="muted"> ({preset.label})</span>}
          </button>
        ))}
      </div>
      {node.load && <LoadControls producerId={node.id} label={node.label} />}
    </NodeShell>
  );
}
