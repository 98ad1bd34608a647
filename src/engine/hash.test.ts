import { describe, expect, it } from 'vitest';
import { FNV_OFFSET_BASIS, fnv1a } from './hash';

describe('fnv1a', () => {
  it.each([
    ['', FNV_OFFSET_BASIS],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('matches the published FNV-1a 32-bit vector for %j', (text, hash) => {
    expect(fnv1a(text)).toBe(hash);
  });

  it('goes on from an earlier hash as if the text were one', () => {
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
  });
});
