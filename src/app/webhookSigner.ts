/**
 * Signs a webhook in the page as a Standard Webhooks sender would, with WebCrypto: the
 * page plays the outside service, with the secret a person types in. The endpoint verifies
 * with the specification's reference library (src/server/signature.ts); the unit test checks
 * this against the specification's own example.
 */
const PREFIX = 'whsec_';

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function encodeBase64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

/** Why `secret` cannot sign, or undefined when it can. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(PREFIX)) return `a secret starts with ${PREFIX}`;
  try {
    if (decodeBase64(secret.slice(PREFIX.length)).length === 0) return 'the secret is empty';
  } catch {
    return `after ${PREFIX} comes base64`;
  }
  return undefined;
}

/** The value of `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`. */
export async function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const problem = secretProblem(secret);
  if (problem !== undefined) throw new Error(problem);
  const key = await crypto.subtle.importKey(
    'raw',
    decodeBase64(secret.slice(PREFIX.length)) as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`),
  );
  return `v1,${encodeBase64(mac)}`;
}

/** A fresh random secret in the spec's form, for a forged signature or a first try. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `${PREFIX}${btoa(String.fromCharCode(...bytes))}`;
}
