import { deflateSync, inflateSync } from 'fflate';
import { errorMessage } from '../errors';
import { fromBase64url, toBase64url } from './base64url';
import { fail, type ScenarioFileResult } from './fileErrors';
import {
  exportScenarioText,
  type ImportedScenario,
  type ImportOptions,
  importScenarioText,
} from './files';
import { sizeProblem } from './hostile';
import { MAX_LINK_LENGTH, MAX_SCENARIO_BYTES } from './limits';
import type { Scenario } from './schema';

/**
 * A scenario carried in a link's fragment: `<page>#scenario=<base64url of raw DEFLATE of the
 * compact file JSON>`. The fragment never reaches a server. DEFLATE (fflate) over lz-string:
 * on the course's labs it gives links 17-26% shorter (README.md beside this file). Another
 * encoding, some day, would take another key, so old links keep working.
 */
export const LINK_KEY = 'scenario';

export interface ScenarioLink {
  readonly url: string;
  /** characters in the whole URL, at most MAX_LINK_LENGTH */
  readonly length: number;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/** A link that opens `scenario` at `pageUrl` (any fragment it has is replaced). */
export function encodeScenarioLink(
  scenario: Scenario,
  pageUrl: string,
): ScenarioFileResult<ScenarioLink> {
  const text = exportScenarioText(scenario, { indent: 0 });
  if (!text.ok) return text;
  const packed = toBase64url(deflateSync(new TextEncoder().encode(text.value), { level: 9 }));
  const hash = pageUrl.indexOf('#');
  const url = `${hash === -1 ? pageUrl : pageUrl.slice(0, hash)}#${LINK_KEY}=${packed}`;
  if (url.length > MAX_LINK_LENGTH) {
    return fail({
      kind: 'link-too-long',
      length: url.length,
      limit: MAX_LINK_LENGTH,
      message: `A link to this scenario would be ${formatCount(url.length)} characters, and links over ${formatCount(MAX_LINK_LENGTH)} can be cut off on the way. Export it as a file and share the file instead.`,
    });
  }
  return { ok: true, value: { url, length: url.length } };
}

function damaged<T>(why: string): ScenarioFileResult<T> {
  return fail({
    kind: 'bad-link',
    message: `This link's scenario is damaged (${why}): was the link cut short or changed on the way?`,
  });
}

/**
 * The scenario in a link: a whole URL, its `#fragment`, or the fragment alone. Decompressed
 * into at most MAX_SCENARIO_BYTES (a small link can inflate to gigabytes), then the same
 * checks as a file: size, nesting, keys, migration, schema.
 */
export function decodeScenarioLink(
  link: string,
  options: ImportOptions = {},
): ScenarioFileResult<ImportedScenario> {
  if (link.length > MAX_LINK_LENGTH) {
    return fail({
      kind: 'link-too-long',
      length: link.length,
      limit: MAX_LINK_LENGTH,
      message: `This link is ${formatCount(link.length)} characters, longer than any EventLab makes (${formatCount(MAX_LINK_LENGTH)}); it was not read.`,
    });
  }
  const hash = link.indexOf('#');
  const payload = new URLSearchParams(hash === -1 ? link : link.slice(hash + 1)).get(LINK_KEY);
  if (payload === null) {
    return fail({
      kind: 'no-scenario',
      message: `This link carries no scenario (no #${LINK_KEY}= part).`,
    });
  }
  const bytes = fromBase64url(payload);
  if (bytes === undefined) return damaged('it is not base64url');
  let inflated: Uint8Array;
  try {
    // one byte more than the limit: a result that fills it was cut off, so it is too large
    inflated = inflateSync(bytes, { out: new Uint8Array(MAX_SCENARIO_BYTES + 1) });
  } catch (error) {
    return damaged(errorMessage(error));
  }
  const tooLarge = sizeProblem<ImportedScenario>(inflated.length, true);
  if (tooLarge) return tooLarge;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return damaged('its text is not UTF-8');
  }
  return importScenarioText(text, options);
}
