export const FNV_OFFSET_BASIS = 0x811c9dc5;

/**
 * FNV-1a (32 bit) over UTF-16 code units: small, stable and fast, for checksums and seeds
 * (not for security). It can go on from an earlier hash, so a growing text is hashed only for
 * what it gained.
 */
export function fnv1a(text: string, hash = FNV_OFFSET_BASIS): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
