import xxhash from 'xxhash-wasm';

/**
 * A segment's checksum (format version 3): xxHash32, seed 0, of the payload's UTF-8 bytes,
 * the checksum LZ4's frame format gives its content. Computed in WebAssembly (`xxhash-wasm`:
 * TextEncoder.encodeInto into the module's memory, then xxHash32), it costs about half of what
 * FNV-1a over the UTF-16 code units did in JS (README.md beside this file). The payload is
 * JSON.stringify output, which escapes lone surrogates, so its UTF-8 is exact.
 */
type SegmentChecksum = (payload: string) => number;

let loading: Promise<SegmentChecksum> | undefined;
let loaded: SegmentChecksum | undefined;

/**
 * Compiles the hasher, once (the cached promise is shared). `openLogDb` awaits it before
 * opening, since an upgrade's migration must hash synchronously inside its transaction: a
 * store that has a database therefore has the hasher. A failed load is forgotten, so a
 * later open tries again.
 */
export function loadSegmentChecksum(): Promise<SegmentChecksum> {
  loading ??= xxhash().then(
    ({ h32 }) => {
      loaded = (payload) => h32(payload, 0);
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The checksum of `payload`; only after `loadSegmentChecksum()` has resolved. */
export function segmentChecksum(payload: string): number {
  if (loaded === undefined) {
    throw new Error('segmentChecksum called before loadSegmentChecksum() resolved');
  }
  return loaded(payload);
}
