import { describe, expect, it } from 'vitest';
import { isHostAllowed } from './hostCheck';

describe('the Host header check (Vite’s allowedHosts rules)', () => {
  it.each([
    ['127.0.0.1:5173', [], true],
    ['[::1]:5173', [], true],
    ['localhost:5173', [], true],
    ['app.localhost', [], true],
    ['LOCALHOST', [], true],
    ['evil.example.com', [], false],
    ['evil.example.com:5173', [], false],
    ['eventlab.test', ['eventlab.test'], true],
    ['a.eventlab.test', ['eventlab.test'], false],
    ['a.eventlab.test', ['.eventlab.test'], true],
    ['eventlab.test', ['.eventlab.test'], true],
    ['[not-an-ip]', [], false],
    ['', [], false],
  ] as const)('%s with %j: %s', (host, allowed, expected) => {
    expect(isHostAllowed(host, allowed)).toBe(expected);
  });

  it('lets every host through when allowedHosts is true, and a request without Host', () => {
    expect(isHostAllowed('evil.example.com', true)).toBe(true);
    expect(isHostAllowed(undefined, [])).toBe(true);
  });
});
