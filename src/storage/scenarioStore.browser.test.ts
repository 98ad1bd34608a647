import { describe, expect, it } from 'vitest';
import { decodeScenarioLink, encodeScenarioLink, exportScenarioText } from '../engine/scenario';
import { LABS } from '../labs/catalog';
import { eventBusLab } from '../labs/eventBus';
import { openScenarioLibrary } from './scenarioStore';

const labs = LABS.flatMap((lab) => (lab.scenario ? [lab.scenario] : []));

// the same library and links in Chromium: its own IndexedDB, and fflate's browser build
describe('in Chromium', () => {
  it('saves and loads every lab, and a link opens each as the same scenario', async () => {
    const opened = await openScenarioLibrary({ name: `browser-${Date.now()}` });
    if (!opened.ok) throw new Error(opened.error.message);
    const library = opened.value;
    for (const scenario of labs) {
      expect((await library.save({ id: scenario.id, name: scenario.id, scenario })).ok).toBe(true);
      const loaded = await library.load(scenario.id);
      expect(loaded.ok && loaded.value.scenario).toStrictEqual(scenario);
      const link = encodeScenarioLink(scenario, `${location.origin}/playground`);
      if (!link.ok) throw new Error(link.error.message);
      const decoded = decodeScenarioLink(link.value.url);
      expect(decoded.ok && decoded.value.scenario).toStrictEqual(scenario);
    }
    const listing = await library.list();
    expect(listing.ok && listing.value.scenarios).toHaveLength(labs.length);
    library.close();
  });

  it('imports a File, and refuses a hostile one without storing it', async () => {
    const opened = await openScenarioLibrary({ name: `browser-file-${Date.now()}` });
    if (!opened.ok) throw new Error(opened.error.message);
    const library = opened.value;
    const text = exportScenarioText(eventBusLab);
    if (!text.ok) throw new Error(text.error.message);
    const file = new File([text.value], 'event-bus.eventlab.json', { type: 'application/json' });
    expect(await library.importFile(file, { id: 'lab-1' })).toMatchObject({ ok: true });
    const hostile = new File([`{"__proto__":{"polluted":true},${text.value.slice(1)}`], 'x.json');
    expect(await library.importFile(hostile, { id: 'lab-1' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-key', path: '__proto__' },
    });
    const listing = await library.list();
    expect(listing.ok && listing.value.scenarios.map((s) => s.name)).toEqual([
      eventBusLab.title.en,
    ]);
    library.close();
  });
});
