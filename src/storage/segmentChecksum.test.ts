import { describe, expect, it } from 'vitest';
import { loadSegmentChecksum, segmentChecksum } from './segmentChecksum';

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const u32 = (b: Uint8Array, i: number) =>
  ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16)) +
  (b[i + 3] as number) * 2 ** 24;
const round = (acc: number, lane: number) => Math.imul(rotl(acc + Math.imul(lane, P2), 13), P1);

/** xxHash32 of `bytes` as its specification writes it, in plain JS: the test's reference. */
function xxh32(bytes: Uint8Array, seed = 0): number {
  let i = 0;
  let h: number;
  if (bytes.length >= 16) {
    const v = [seed + P1 + P2, seed + P2, seed, seed - P1];
    for (; i + 16 <= bytes.length; i += 16) {
      for (let k = 0; k < 4; k++) v[k] = round(v[k] as number, u32(bytes, i + 4 * k));
    }
    const [a, b, c, d] = v as [number, number, number, number];
    h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
  } else {
    h = seed + P5;
  }
  h += bytes.length;
  for (; i + 4 <= bytes.length; i += 4) {
    h = Math.imul(rotl(h + Math.imul(u32(bytes, i), P3), 17), P4);
  }
  for (; i < bytes.length; i++) h = Math.imul(rotl(h + Math.imul(bytes[i] as number, P5), 11), P1);
  h = Math.imul(h ^ (h >>> 15), P2);
  h = Math.imul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}

describe('segmentChecksum', () => {
  it('refuses to hash before the hasher is loaded', async () => {
    // this file's first test: nothing in this module instance loaded it yet
    expect(() => segmentChecksum('x')).toThrow(/before loadSegmentChecksum/);
    expect(await loadSegmentChecksum()).toBe(await loadSegmentChecksum());
  });

  it('is xxHash32 with seed 0: the published vectors', async () => {
    await loadSegmentChecksum();
    expect(segmentChecksum('')).toBe(0x02cc5d05);
    expect(segmentChecksum('a')).toBe(0x550d7456);
    expect(segmentChecksum('abc')).toBe(0x32d153ff);
    expect(segmentChecksum('Nobody inspects the spammish repetition')).toBe(0xe2293b2f);
  });

  it("hashes the payload's UTF-8 bytes, not its UTF-16 code units", async () => {
    await loadSegmentChecksum();
    const encode = (text: string) => new TextEncoder().encode(text);
    // the reference agrees with the published vectors, so it can judge the rest
    expect(xxh32(encode('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
    const texts = [
      '{"event":"caf\u00e9","data":"\u20ac\ud83d\ude00"}',
      '\u00e9',
      JSON.stringify({ timestamp: 1, event: 'e', data: '\u4e2d\u6587'.repeat(40) }),
    ];
    for (const text of texts) expect(segmentChecksum(text)).toBe(xxh32(encode(text)));
    // the UTF-16 code units hashed as bytes would give another value
    const units = new Uint8Array(new Uint16Array([0xe9]).buffer);
    expect(segmentChecksum('\u00e9')).not.toBe(xxh32(units));
  });

  it('agrees with the reference on every length around its 16-byte stripes', async () => {
    await loadSegmentChecksum();
    let text = '';
    for (let n = 0; n < 70; n++) {
      expect(segmentChecksum(text)).toBe(xxh32(new TextEncoder().encode(text)));
      text += n % 7 === 0 ? '\u00df' : String.fromCharCode(97 + (n % 26));
    }
  });
});
