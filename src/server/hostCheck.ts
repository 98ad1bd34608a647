import { isIP } from 'node:net';

/**
 * The Host header check Vite makes for its own dev and preview servers (`server.allowedHosts`,
 * the host-validation-middleware package), made again here for the endpoint: a page on
 * another origin that rebinds its DNS name to 127.0.0.1 sends its own name as Host, and is
 * refused. Same rules: IP addresses, `localhost` and `*.localhost` pass; so do the configured
 * names, and `.example.com` allows that domain and its subdomains; `true` allows any host.
 *
 * Inside Vite its own check runs first (it answers 403 in plain text); this one makes the
 * endpoint safe on its own, e.g. on a bare Node server in tests and benchmarks.
 */
export type AllowedHosts = readonly string[] | true;

function hostnameOf(host: string): string | undefined {
  const trimmed = host.trim();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end > 0 && isIP(trimmed.slice(1, end)) === 6 ? trimmed.slice(1, end) : undefined;
  }
  const colon = trimmed.indexOf(':');
  return (colon === -1 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
}

export function isHostAllowed(host: string | undefined, allowed: AllowedHosts): boolean {
  // HTTP/1.0 clients may send no Host; a browser always sends one
  if (host === undefined || allowed === true) return true;
  const name = hostnameOf(host);
  if (name === undefined || name === '') return false;
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((pattern) =>
    pattern.startsWith('.')
      ? name === pattern.slice(1) || name.endsWith(pattern)
      : name === pattern.toLowerCase(),
  );
}
