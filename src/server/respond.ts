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

/** A refusal: `error` is a stable code for programs, `message` says what is wrong. */
export function refuse(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { status: 'refused', error, message, ...extra }, headers);
}
