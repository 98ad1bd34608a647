import type { ServerResponse } from 'node:http';

/** Every answer of the endpoint is JSON with a `message` a person can read. */
export interface Answer {
  readonly message: string;
  readonly [field: string]: unknown;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Answer,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // an answer about one request: no cache may keep it
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export interface Refusal {
  readonly status: number;
  /** a stable code for programs: `invalid_signature`, `payload_too_large` */
  readonly error: string;
  /** what is wrong, for a person */
  readonly message: string;
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal: `{status: "refused", error, message, ...extra}`. */
export function refuse(res: ServerResponse, refusal: Refusal): void {
  const { status, error, message, extra = {}, headers = {} } = refusal;
  sendJson(res, status, { status: 'refused', error, message, ...extra }, headers);
}
