import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { ScenarioNode } from '../../../engine/scenario';
import { useT } from '../../i18n';
import { usePulse } from './usePulse';

interface NodeShellProps {
  readonly node: ScenarioNode;
  readonly kindLabel: string;
  readonly inputs?: boolean;
  readonly outputs?: boolean;
  /** changes when something lands on the node: it pulses */
  readonly pulse?: number;
  readonly state?: 'failing' | undefined;
  readonly children?: ReactNode;
}

/** The frame every node shares: kind, name, description, handles, and a pulse on arrival. */
export function NodeShell({
  node,
  kindLabel,
  inputs,
  outputs,
  pulse = 0,
  state,
  children,
}: NodeShellProps) {
  const { pick } = useT();
  const pulseRef = usePulse(pulse);
  return (
    <div
      className={`node node-${node.kind}${state ? ` is-${state}` : ''}`}
      data-testid={`node-${node.id}`}
    >
      {inputs && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <span ref={pulseRef} className="node-pulse" aria-hidden="true" />
      <header className="node-header">
        <span className="node-kind">{kindLabel}</span>
        <strong className="node-name mono">{node.label}</strong>
      </header>
      {node.description !== undefined && <p className="node-desc">{pick(node.description)}</p>}
      {children}
      {outputs && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
}
