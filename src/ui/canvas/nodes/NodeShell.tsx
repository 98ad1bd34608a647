import { Handle, Position } from '@xyflow/react';
import { useAnimate, useReducedMotion } from 'motion/react';
import { type ReactNode, useEffect, useRef } from 'react';
import type { ScenarioNode } from '../../../engine/scenario';
import { useT } from '../../i18n';

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

// under load a node's counters change every frame; one ring at a time, not one per change
const PULSE_GAP_MS = 450;

/**
 * A ring that flashes when `pulse` changes, driven by one animation on one element (no React
 * remount per arrival), at most once per PULSE_GAP_MS; with reduced motion it only fades.
 */
function usePulse(pulse: number) {
  const [scope, animate] = useAnimate<HTMLSpanElement>();
  const reduced = useReducedMotion() ?? false;
  const last = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (pulse === 0 || scope.current === null) return;
    const now = performance.now();
    if (now - last.current < PULSE_GAP_MS) return;
    last.current = now;
    animate(
      scope.current,
      reduced ? { opacity: [0.6, 0] } : { opacity: [0.75, 0], scale: [1, 1.12] },
      { duration: 0.6, ease: 'easeOut' },
    );
  }, [pulse, animate, scope, reduced]);
  return scope;
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
