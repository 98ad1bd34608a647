import type { EdgeProps } from '@xyflow/react';

export interface EdgeGeometry {
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
}

/**
 * A left-to-right cubic curve like React Flow's bezier, bent sideways by `offset` pixels so
 * that parallel edges (two subscriptions of one listener) are drawn apart, labels and all.
 */
export function curvedPath(
  {
    sourceX,
    sourceY,
    targetX,
    targetY,
  }: Pick<EdgeProps, 'sourceX' | 'sourceY' | 'targetX' | 'targetY'>,
  offset = 0,
): EdgeGeometry {
  const dx = Math.max(40, Math.abs(targetX - sourceX) * 0.5);
  const c1x = sourceX + dx;
  const c1y = sourceY + offset * 1.6;
  const c2x = targetX - dx;
  const c2y = targetY + offset * 1.6;
  // the curve's midpoint (t = 0.5) carries the label
  const labelX = (sourceX + 3 * c1x + 3 * c2x + targetX) / 8;
  const labelY = (sourceY + 3 * c1y + 3 * c2y + targetY) / 8;
  return {
    path: `M${sourceX},${sourceY} C${c1x},${c1y} ${c2x},${c2y} ${targetX},${targetY}`,
    labelX,
    labelY,
  };
}

/** Sideways offset of edge `index` of `count` parallel edges, centred on zero. */
export function parallelOffset(index: number, count: number, spacing = 34): number {
  return (index - (count - 1) / 2) * spacing;
}
