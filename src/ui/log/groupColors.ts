/** A colour per consumer group, the same on the tape, the cards and the chart. */
const PALETTE = ['#2563eb', '#9333ea', '#0d9488', '#d97706', '#db2777', '#65a30d'];

export function groupColor(groups: readonly string[], group: string): string {
  const i = groups.indexOf(group);
  return PALETTE[Math.max(i, 0) % PALETTE.length] as string;
}
