import type { NodeKind } from '../../engine/scenario/edit';

/** The kinds a person can add, in palette order; keys 1-8 add them. */
export const PALETTE: readonly { kind: NodeKind; label: string }[] = [
  { kind: 'producer', label: 'Producer' },
  { kind: 'bus', label: 'Event bus' },
  { kind: 'listener', label: 'Listener' },
  { kind: 'exchange', label: 'Exchange' },
  { kind: 'queue', label: 'Queue' },
  { kind: 'consumer', label: 'Consumer' },
  { kind: 'external', label: 'External service' },
  { kind: 'http', label: 'HTTP endpoint' },
];
