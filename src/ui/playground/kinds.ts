import type { NodeKind } from '../../engine/scenario/edit';

/** The kinds a person can add, in palette order; keys 1-9 add the first nine (paletteKey). */
export const PALETTE: readonly { kind: NodeKind; label: string }[] = [
  { kind: 'producer', label: 'Producer' },
  { kind: 'bus', label: 'Event bus' },
  { kind: 'listener', label: 'Listener' },
  { kind: 'exchange', label: 'Exchange' },
  { kind: 'queue', label: 'Queue' },
  { kind: 'consumer', label: 'Consumer' },
  { kind: 'external', label: 'External service' },
  { kind: 'http', label: 'HTTP endpoint' },
  { kind: 'topic', label: 'Topic' },
  { kind: 'group', label: 'Consumer group' },
  { kind: 'saga', label: 'Saga' },
  { kind: 'service', label: 'Service' },
];

/** The digit key that adds the palette's `index`th kind: 1 to 9, none past the ninth. */
export const paletteKey = (index: number): string | undefined =>
  index < 9 ? String(index + 1) : undefined;
