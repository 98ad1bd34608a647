import { describe, expect, it } from 'vitest';
import {
  exportJsonLines,
  formatJsonLine,
  importJsonLines,
  JsonLinesError,
  parseJsonLines,
  readJsonLines,
} from './jsonLines';
import { makeLog } from './testing';

const course = [
  '{"timestamp": "2024-05-01T10:00:00.000Z", "event": "account.opened", "data": {"balance": 1000}}',
  '{"timestamp": "2024-05-01T10:00:01.000Z", "event": "money.deposited", "data": {"amount": 1500}}',
  '{"timestamp": "2024-05-01T10:00:02.000Z", "event": "money.withdrawn", "data": {"amount": 500}}',
].join('\n');

describe('JSON lines', () => {
  it('reads the course format', () => {
    expect(readJsonLines(course)).toEqual([
      {
        timestamp: Date.UTC(2024, 4, 1, 10, 0, 0),
        event: 'account.opened',
        data: { balance: 1000 },
      },
      {
        timestamp: Date.UTC(2024, 4, 1, 10, 0, 1),
        event: 'money.deposited',
        data: { amount: 1500 },
      },
      {
        timestamp: Date.UTC(2024, 4, 1, 10, 0, 2),
        event: 'money.withdrawn',
        data: { amount: 500 },
      },
    ]);
  });

  it('reads a time without a zone (Python isoformat) as UTC, and epoch ms', () => {
    const [a, b] = readJsonLines(
      '{"timestamp": "2024-05-01T10:00:00.123456", "event": "e", "data": null}\n' +
        '{"timestamp": 5, "event": "e", "data": null, "key": "k"}\n',
    );
    expect(a?.timestamp).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(b).toEqual({ timestamp: 5, event: 'e', data: null, key: 'k' });
  });

  it('names the line of every error, counting blank lines', () => {
    const text = [
      '{"timestamp": "2024-05-01T10:00:00Z", "event": "ok", "data": {}}',
      '',
      '{"timestamp": "2024-05-01T10:00:00Z", "event": "", "data": {}}',
      '{"timestamp": "yesterday", "event": "e", "data": {}}',
      '{"timestamp": "2024-05-01T10:00:00Z", "event": 7}',
      'not json',
      '[1, 2]',
      '{"timestamp": "2024-05-01T10:00:00Z", "event": "e", "data": 1, "key": 3}',
    ].join('\n');
    const { records, errors } = parseJsonLines(text);
    expect(records).toHaveLength(1);
    expect(errors.map((e) => `line ${e.line}: ${e.message}`)).toEqual([
      'line 3: "event" must be a non-empty string',
      'line 4: "timestamp" must be an ISO 8601 date-time string (or ms since the epoch)',
      'line 5: "event" must be a non-empty string',
      'line 5: "data" is missing (use null for none)',
      expect.stringMatching(/^line 6: not valid JSON/),
      'line 7: a line must be a JSON object',
      'line 8: "key" must be a string when given',
    ]);
    expect(() => readJsonLines(text)).toThrow(JsonLinesError);
    expect(() => readJsonLines(text)).toThrow(
      /^line 3: "event" must be a non-empty string\nline 4/,
    );
  });

  it('writes the course format, with the key when there is one', () => {
    expect(formatJsonLine({ timestamp: 0, event: 'e', data: { a: 1 } })).toBe(
      '{"timestamp":"1970-01-01T00:00:00.000Z","event":"e","data":{"a":1}}',
    );
    expect(formatJsonLine({ timestamp: 0, event: 'e', data: null, key: 'k' })).toBe(
      '{"timestamp":"1970-01-01T00:00:00.000Z","event":"e","data":null,"key":"k"}',
    );
  });

  it('imports into a topic all or nothing, and exports what it holds', async () => {
    const { log, store } = makeLog();
    await log.createTopic('bank', { partitions: 1 });
    await expect(importJsonLines(log, 'bank', `${course}\n{"event": ""}`)).rejects.toBeInstanceOf(
      JsonLinesError,
    );
    expect(await store.range('bank', 0)).toEqual({ start: 0, end: 0 });
    const meta = await importJsonLines(log, 'bank', course);
    expect(meta.map((m) => m.offset)).toEqual([0, 1, 2]);
    let exported = '';
    for await (const chunk of exportJsonLines(log, 'bank', 0, 2)) exported += chunk;
    expect(readJsonLines(exported)).toEqual(readJsonLines(course));
  });
});
