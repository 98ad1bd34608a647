const encoder = new TextEncoder();

/**
 * Kafka's murmur2 (`Utils.murmur2` in kafka-clients) over the key's UTF-8 bytes, so a key
 * lands on the partition Kafka's default partitioner would pick for it.
 */
export function murmur2(bytes: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = bytes.length;
  let h = 0x9747b28c ^ length;
  const length4 = length - (length % 4);
  for (let i = 0; i < length4; i += 4) {
    let k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length % 4;
  if (rest === 3) h ^= (bytes[length4 + 2] as number) << 16;
  if (rest >= 2) h ^= (bytes[length4 + 1] as number) << 8;
  if (rest >= 1) {
    h ^= bytes[length4] as number;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a key, as Kafka computes it: toPositive(murmur2(key)) % partitions. */
export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(encoder.encode(key)) & 0x7fffffff) % partitions;
}
