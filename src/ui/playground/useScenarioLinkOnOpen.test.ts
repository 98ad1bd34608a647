import { describe, expect, it } from 'vitest';
import { createPlaygroundDoc } from '../../app/playground/document';
import { encodeScenarioLink } from '../../engine/scenario';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { openScenarioLink } from './useScenarioLinkOnOpen';

const hashOf = (url: string) => url.slice(url.indexOf('#'));

describe('openScenarioLink', () => {
  it("puts a link's scenario into the document", () => {
    const link = encodeScenarioLink(rabbitmqLab, 'https://eventlab.test/playground');
    if (!link.ok) throw new Error(link.error.message);
    const doc = createPlaygroundDoc();
    expect(openScenarioLink(doc, hashOf(link.value.url))).toBe(true);
    expect(doc.store.getState().scenario).toStrictEqual(rabbitmqLab);
    expect(doc.store.getState().notice).toBeUndefined();
  });

  it('says why a damaged link cannot open, and leaves the document as it was', () => {
    const doc = createPlaygroundDoc();
    const before = doc.store.getState().scenario;
    expect(openScenarioLink(doc, '#scenario=AAAA')).toBe(false);
    expect(doc.store.getState().scenario).toBe(before);
    expect(doc.store.getState().notice?.text).toContain("This link's scenario is damaged");
  });

  it('takes a fragment with no scenario as no link at all', () => {
    const doc = createPlaygroundDoc();
    for (const hash of ['', '#', '#section-2']) {
      expect(openScenarioLink(doc, hash)).toBe(false);
      expect(doc.store.getState().notice).toBeUndefined();
    }
  });
});
