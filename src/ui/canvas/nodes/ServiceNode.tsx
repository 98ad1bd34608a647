import type { NodeProps } from '@xyflow/react';
import type { ServiceNode as ServiceModel } from '../../../engine/scenario/sagaSchema';
import type { SagaSnapshot } from '../../../engine/sim';
import { useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';
import { useSagaNodeT } from './sagaStrings';

const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((n, v) => n + v, 0);

/** A saga participant and its own store, as its log rebuilt it: stock, money or deliveries. */
export function ServiceNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { text: g } = useSagaNodeT();
  const node = data.node as ServiceModel;
  const saga = useSessionState((st) => st.snapshot.saga);
  const step = saga?.definition.steps.find((x) => x.service === node.service);
  const faults = Object.keys(saga?.faults[node.service] ?? {});
  return (
    <NodeShell
      node={node}
      kindLabel={`${g('kindService')} · ${node.service}`}
      inputs
      outputs
      state={faults.length > 0 ? 'failing' : undefined}
    >
      {step && (
        <p className="saga-step mono">
          {step.action} ↔ {step.compensation}
        </p>
      )}
      <dl className="stats">{saga && <Store node={node} saga={saga} />}</dl>
      {faults.map((command) => (
        <p key={command} className="saga-fault" data-testid={`fault-${node.id}`}>
          ⚠ {command} {g('fails')}
        </p>
      ))}
    </NodeShell>
  );
}

function Store({ node, saga }: { node: ServiceModel; saga: SagaSnapshot }) {
  const { text: g } = useSagaNodeT();
  const { inventory, payment, shipping } = saga.stores;
  const id = node.id;
  if (node.service === 'inventory') {
    const held = Object.values(inventory.reservations).reduce((n, r) => n + r.qty, 0);
    return (
      <>
        {Object.entries(inventory.stock).map(([sku, n]) => (
          <Stat key={sku} label={sku} value={n} testId={`stock-${sku}-${id}`} />
        ))}
        <Stat label={g('held')} value={held} testId={`held-${id}`} />
      </>
    );
  }
  if (node.service === 'payment') {
    return (
      <>
        <Stat label={g('charged')} value={sum(payment.charged)} testId={`charged-${id}`} />
        <Stat
          label={g('refunded')}
          value={sum(payment.refunded)}
          bad={sum(payment.refunded) > 0}
          testId={`refunded-${id}`}
        />
      </>
    );
  }
  const all = Object.values(shipping.deliveries);
  const created = all.filter((d) => d.status === 'created').length;
  return (
    <>
      <Stat label={g('deliveries')} value={created} testId={`deliveries-${id}`} />
      <Stat label={g('cancelled')} value={all.length - created} testId={`cancelled-${id}`} />
    </>
  );
}
