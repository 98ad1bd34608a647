import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large'; readonly received: number }
  | { readonly ok: false; readonly reason: 'aborted'; readonly received: number };

/**
 * Reads a request body of at most `limit` bytes. It counts bytes as they stream in and stops
 * at the first byte over the limit, so a large body is never held in memory whole (a declared
 * Content-Length over the limit is refused before this is called at all).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        chunks.length = 0;
        // hold the rest in the socket until the caller decides (see discardRest)
        req.pause();
        finish({ ok: false, reason: 'too-large', received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, received) });
    const onAbort = () => finish({ ok: false, reason: 'aborted', received });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

// after a 413, what a client still sends is read and dropped, up to this much and this long,
// so that it can read the answer: closing a socket with unread data sends a TCP reset, which
// may destroy the answer on its way (the "lingering close" web servers do)
const DISCARD_BYTES = 1024 * 1024;
const DISCARD_MS = 2000;

/** Drops the rest of a refused body, bounded; then the connection closes. */
export function discardRest(req: IncomingMessage): void {
  let dropped = 0;
  const timer = setTimeout(() => req.destroy(), DISCARD_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_BYTES) req.destroy();
  });
  req.on('close', () => clearTimeout(timer));
  req.resume();
}
