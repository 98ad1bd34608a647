import { Handle, Position } from '@xyflow/react';
import type { CSSProperties, ReactNode } from 'react';

export interface HandleSpec {
  readonly id: string;
  readonly type: 'source' | 'target';
  readonly position: 'top' | 'bottom' | 'left' | 'right';
  /** along the side, in percent (default: the middle) */
  readonly at?: number;
}

const POSITION = {
  top: Position.Top,
  bottom: Position.Bottom,
  left: Position.Left,
  right: Position.Right,
} as const;

function place(h: HandleSpec): CSSProperties | undefined {
  if (h.at === undefined) return undefined;
  return h.position === 'top' || h.position === 'bottom'
    ? { left: `${h.at}%` }
    : { top: `${h.at}%` };
}

/** The frame of every node of the saga's picture: its kind, its name, and where edges meet it. */
export function SagaNodeFrame({
  id,
  kind,
  kindLabel,
  name,
  handles,
  state,
  children,
}: {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  handles: readonly HandleSpec[];
  state?: 'busy' | 'undoing' | 'faulty' | undefined;
  children?: ReactNode;
}) {
  return (
    <div
      className={`node saga-node saga-node-${kind}${state ? ` is-${state}` : ''}`}
      data-testid={`node-${id}`}
    >
      {handles.map((h) => (
        <Handle
          key={h.id}
          id={h.id}
          type={h.type}
          position={POSITION[h.position]}
          isConnectable={false}
          {...(h.at === undefined ? {} : { style: place(h) })}
        />
      ))}
      <header className="node-header">
        <span className="node-kind">{kindLabel}</span>
        <strong className="node-name mono">{name}</strong>
      </header>
      {children}
    </div>
  );
}
