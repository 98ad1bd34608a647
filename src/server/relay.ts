import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gap, RelayKind } from './wire.ts';

/**
 * Server-Sent Events to the open EventLab tabs. Every entry gets an increasing id; the
 * browser's EventSource sends the last one it saw as `Last-Event-ID` when it reconnects, and
 * gets what it missed. Entries that arrive while no tab is connected wait in the same bounded
 * buffer and go to the next tab that connects. The buffer keeps the newest `capacity` entries
 * and at most `maxBytes` of them: a tab away for longer is told how many it missed.
 */
export interface RelayOptions {
  readonly capacity?: number;
  readonly maxBytes?: number;
  /** a comment line this often keeps idle connections open through proxies */
  readonly heartbeatMs?: number;
}

interface Entry {
  readonly id: number;
  /** the whole SSE frame, written as is to each tab */
  readonly frame: string;
  readonly bytes: number;
  /** written to at least one tab */
  delivered: boolean;
}

// a tab this far behind in reading is dropped; it reconnects and catches up by its id
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

export function createRelay({
  capacity = 1000,
  maxBytes = 8 * 1024 * 1024,
  heartbeatMs = 15_000,
}: RelayOptions = {}) {
  const entries: Entry[] = [];
  let head = 0;
  let bytes = 0;
  let lastId = 0;
  const tabs = new Set<ServerResponse>();

  const live = () => entries.length - head;
  const trim = () => {
    while (live() > 0 && (live() > capacity || bytes > maxBytes)) {
      bytes -= (entries[head] as Entry).bytes;
      head++;
    }
    // compact now and then, not on every shift
    if (head > 1024 && head * 2 > entries.length) {
      entries.splice(0, head);
      head = 0;
    }
  };

  const write = (res: ServerResponse, text: string) => {
    // a stream that has ended may still be in the set until its 'close': writing to it would
    // emit an error the server does not handle
    if (res.writableEnded || res.destroyed) {
      tabs.delete(res);
      return;
    }
    res.write(text);
    if (res.writableLength > MAX_UNSENT_BYTES) {
      tabs.delete(res);
      res.end();
    }
  };

  const heartbeat = setInterval(() => {
    for (const res of tabs) write(res, ': ping\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  return {
    /** Sends to every open tab, or keeps for the next. Returns the id and how many got it. */
    publish(kind: RelayKind, payload: unknown): { id: number; listeners: number } {
      const id = ++lastId;
      const frame = `id: ${id}\nevent: ${kind}\ndata: ${JSON.stringify(payload)}\n\n`;
      const entry: Entry = { id, frame, bytes: Buffer.byteLength(frame), delivered: tabs.size > 0 };
      entries.push(entry);
      bytes += entry.bytes;
      trim();
      for (const res of tabs) write(res, frame);
      return { id, listeners: tabs.size };
    },

    /** Opens the stream for one tab and replays what it has not seen. */
    connect(req: IncomingMessage, res: ServerResponse, hello: unknown): void {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        // proxies that buffer (nginx) would hold the events back
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      // reconnect after a second; the hello has no id, so it does not move Last-Event-ID
      res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
      const header = req.headers['last-event-id'];
      let seen =
        typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
      // an id from before this server started (it restarted): the tab is new to this one
      if (seen !== undefined && seen > lastId) seen = undefined;
      const oldest = live() > 0 ? (entries[head] as Entry).id : lastId + 1;
      if (seen !== undefined && seen + 1 < oldest && seen < lastId) {
        const gap: Gap = { missed: oldest - seen - 1 };
        res.write(`event: gap\ndata: ${JSON.stringify(gap)}\n\n`);
      }
      for (let i = head; i < entries.length; i++) {
        const entry = entries[i] as Entry;
        // a tab that says where it was gets what came after; a new tab gets what no tab got
        if (seen !== undefined ? entry.id > seen : !entry.delivered) {
          res.write(entry.frame);
          entry.delivered = true;
        }
      }
      tabs.add(res);
      const drop = () => tabs.delete(res);
      req.on('close', drop);
      res.on('close', drop);
    },

    get listeners(): number {
      return tabs.size;
    },

    /** entries in the buffer, and how many of them no tab has had */
    get buffered(): { entries: number; undelivered: number } {
      let undelivered = 0;
      for (let i = head; i < entries.length; i++)
        if (!(entries[i] as Entry).delivered) undelivered++;
      return { entries: live(), undelivered };
    },

    /** Ends every stream (the server is closing). */
    close(): void {
      clearInterval(heartbeat);
      for (const res of tabs) res.end();
      tabs.clear();
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
