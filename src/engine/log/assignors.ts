/** Member id -> the partitions it reads. Members are taken in id order, as Kafka does. */
export type Assignment = Record<string, number[]>;

/** Kafka's RangeAssignor: contiguous runs, the first members one more when it does not divide. */
export function rangeAssign(members: readonly string[], partitions: number): Assignment {
  const sorted = [...members].sort();
  const per = Math.floor(partitions / Math.max(sorted.length, 1));
  const extra = partitions % Math.max(sorted.length, 1);
  const out: Assignment = {};
  let next = 0;
  sorted.forEach((m, i) => {
    const count = per + (i < extra ? 1 : 0);
    out[m] = Array.from({ length: count }, (_, k) => next + k);
    next += count;
  });
  return out;
}

/** Kafka's RoundRobinAssignor for one topic: partition i to member i mod n. */
export function roundRobinAssign(members: readonly string[], partitions: number): Assignment {
  const sorted = [...members].sort();
  const out: Assignment = Object.fromEntries(sorted.map((m) => [m, [] as number[]]));
  for (let p = 0; p < partitions && sorted.length > 0; p++) {
    out[sorted[p % sorted.length] as string]?.push(p);
  }
  return out;
}
