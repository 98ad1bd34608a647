import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../labs/catalog';
import { eventBusLab } from '../../labs/eventBus';
import { toBase64url } from './base64url';
import type { ScenarioFileResult } from './fileErrors';
import { MAX_LINK_LENGTH, MAX_SCENARIO_BYTES } from './limits';
import { decodeScenarioLink, encodeScenarioLink } from './link';
import type { Scenario } from './schema';
import { hostileFiles } from './testing';

/** Lab 1 as plain JSON, a fresh copy every call: a file to spoil. */
// biome-ignore lint/suspicious/noExplicitAny: a file to spoil is deliberately untyped JSON
const lab1Json = (): any => JSON.parse(JSON.stringify(eventBusLab));

const PAGE = 'https://eventlab.example/playground';
const labs = LABS.flatMap((lab) => (lab.scenario ? [[lab.id, lab.scenario] as const] : []));

function value<T>(result: ScenarioFileResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** A link carrying `text` as it is, hostile or not. */
const linkTo = (text: string) =>
  `${PAGE}#scenario=${toBase64url(deflateSync(new TextEncoder().encode(text)))}`;

/** Text that does not compress: a seeded generator, so the test is the same every run. */
function noise(length: number, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    out += String.fromCharCode(97 + (x % 26));
  }
  return out;
}

describe('links', () => {
  it.each(labs)('%s: a link decodes to the same scenario', (_id, scenario) => {
    const link = value(encodeScenarioLink(scenario, PAGE));
    expect(link.url.startsWith(`${PAGE}#scenario=`)).toBe(true);
    expect(link.url).toMatch(/^[^#]+#scenario=[A-Za-z0-9_-]+$/);
    expect(link.length).toBe(link.url.length);
    expect(link.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    expect(value(decodeScenarioLink(link.url)).scenario).toStrictEqual(scenario);
    // the fragment alone, as location.hash gives it, and without its #
    const hash = link.url.slice(link.url.indexOf('#'));
    expect(value(decodeScenarioLink(hash)).scenario).toStrictEqual(scenario);
    expect(value(decodeScenarioLink(hash.slice(1))).scenario).toStrictEqual(scenario);
  });

  it('gives the same link for the same scenario, and replaces the page fragment', () => {
    const a = value(encodeScenarioLink(eventBusLab, PAGE)).url;
    const b = value(encodeScenarioLink(eventBusLab, `${PAGE}#scenario=old`)).url;
    expect(b).toBe(a);
  });

  it('says, with a typed error, that a scenario too large for a link goes as a file', () => {
    const big = lab1Json();
    big.nodes[0].emits[0].data = { note: noise(7000) };
    const result = encodeScenarioLink(big as Scenario, PAGE);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'link-too-long', limit: MAX_LINK_LENGTH },
    });
    if (result.ok) return;
    expect(result.error.kind === 'link-too-long' && result.error.length).toBeGreaterThan(
      MAX_LINK_LENGTH,
    );
    expect(result.error.message).toMatch(
      /^A link to this scenario would be [\d,]+ characters, and links over 8,000 can be cut off on the way\. Export it as a file and share the file instead\.$/,
    );
  });

  it('refuses to read a link longer than any it makes', () => {
    const long = `${PAGE}#scenario=${'A'.repeat(MAX_LINK_LENGTH)}`;
    expect(decodeScenarioLink(long)).toMatchObject({
      ok: false,
      error: { kind: 'link-too-long', message: expect.stringContaining('it was not read') },
    });
  });

  it.each([PAGE, `${PAGE}#section-2`, ''])('says when a link (%j) carries no scenario', (link) => {
    expect(decodeScenarioLink(link)).toMatchObject({
      ok: false,
      error: {
        kind: 'no-scenario',
        message: 'This link carries no scenario (no #scenario= part).',
      },
    });
  });

  it.each([
    ['not base64url', `${PAGE}#scenario=abc+/==`, 'not base64url'],
    ['cut short', value(encodeScenarioLink(eventBusLab, PAGE)).url.slice(0, -200), 'damaged'],
    ['not DEFLATE', `${PAGE}#scenario=${toBase64url(new Uint8Array([1, 2, 3, 4, 5]))}`, 'damaged'],
    [
      'not UTF-8',
      `${PAGE}#scenario=${toBase64url(deflateSync(new Uint8Array([0xff, 0xfe, 0x7b])))}`,
      'not UTF-8',
    ],
  ])('reports a bad link (%s) as a typed error', (_case, link, says) => {
    expect(decodeScenarioLink(link)).toMatchObject({
      ok: false,
      error: { kind: 'bad-link', message: expect.stringContaining(says) },
    });
  });

  it('stops a decompression bomb at 5 MB: a short link that inflates past it', () => {
    const bomb = linkTo(' '.repeat(MAX_SCENARIO_BYTES + 100));
    expect(bomb.length).toBeLessThan(MAX_LINK_LENGTH);
    expect(decodeScenarioLink(bomb)).toMatchObject({
      ok: false,
      error: { kind: 'too-large', message: expect.stringContaining('more than 5 MB') },
    });
  });

  it.each(
    hostileFiles(lab1Json())
      .filter((file) => file.kind !== 'too-large')
      .map((file) => [file.case, file] as const),
  )('refuses a link to a hostile file as it refuses the file: %s', (_case, file) => {
    const link = linkTo(file.text);
    // a million nested arrays compress to a few hundred characters
    expect(link.length).toBeLessThan(MAX_LINK_LENGTH);
    const result = decodeScenarioLink(link);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe(file.kind);
    for (const part of file.says) expect(result.error.message).toContain(part);
  });
});
