import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Download, expect, type Page, test } from '@playwright/test';
import {
  encodeScenarioLink,
  exportScenarioText,
  importScenarioText,
  type Scenario,
} from '../src/engine/scenario';
import { hostileFiles } from '../src/engine/scenario/testing';
import { LABS } from '../src/labs/catalog';
import { rabbitmqLab } from '../src/labs/rabbitmq';
import { SCENARIO_DB } from '../src/storage/scenarioDb';
import { expectNoPageErrors } from './fixtures';

expectNoPageErrors(test);

const scenarioLabs = LABS.flatMap((lab) => (lab.scenario ? [{ id: lab.id, s: lab.scenario }] : []));

/** The page's files panel. */
const panel = (page: Page) => page.getByRole('region', { name: 'Scenario files' });
const canvasNodes = (page: Page) => page.locator('.react-flow__node');

function fileText(scenario: Scenario): string {
  const text = exportScenarioText(scenario);
  if (!text.ok) throw new Error(text.error.message);
  return text.value;
}

async function openPlayground(page: Page, query = '') {
  await page.goto(`/playground${query}`);
  await panelReady(page);
}

async function panelReady(page: Page) {
  await expect(page.getByRole('heading', { name: 'Playground', level: 1 })).toBeVisible();
  // the library has been opened and listed
  await expect(panel(page).getByRole('heading', { name: 'Saved scenarios' })).toBeVisible();
  await expect(
    panel(page)
      .getByText('Nothing saved in this browser yet.')
      .or(panel(page).getByRole('list', { name: 'Saved scenarios' })),
  ).toBeVisible();
}

async function download(page: Page, button: string): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    panel(page).getByRole('button', { name: button, exact: true }).click(),
  ]);
  return file;
}

/** What the page's Export file button downloads: its name and text. */
async function exported(page: Page): Promise<{ name: string; text: string }> {
  const file = await download(page, 'Export file');
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

function importFile(page: Page, name: string, text: string) {
  return panel(page)
    .getByLabel('Import file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

/** The library's IndexedDB as stored, read beside the app (after the app has opened it). */
function storedLibrary(page: Page) {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const read = db.transaction(store).objectStore(store).getAll();
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
    const stored = { entries: await all('entries'), texts: await all('texts') };
    db.close();
    return stored;
  }, `${SCENARIO_DB.prefix}:library`);
}

const queueNodes = LABS.find((lab) => lab.id === 'queue')?.scenario?.nodes.length ?? 0;

const savedNames = (page: Page) =>
  panel(page).getByRole('list', { name: 'Saved scenarios' }).locator('.pg-saved-name');

test.describe('Playground: files and links', () => {
  for (const { id, s } of scenarioLabs) {
    test(`the ${id} lab exported to a file and imported into an empty playground is the same scenario`, async ({
      page,
    }) => {
      await openPlayground(page, `?from=${id}`);
      const out = await exported(page);
      expect(out.name).toBe(`${s.id}.eventlab.json`);
      // the page writes the lab exactly as the format does, and it reads back as the lab
      expect(out.text).toBe(fileText(s));
      const read = importScenarioText(out.text);
      expect(read.ok && read.value.scenario).toStrictEqual(s);

      await openPlayground(page);
      await expect(canvasNodes(page)).toHaveCount(0);
      await importFile(page, out.name, out.text);
      await expect(panel(page).getByRole('status')).toHaveText(`Imported: ${out.name}`);
      await expect(canvasNodes(page)).toHaveCount(s.nodes.length);
      expect((await exported(page)).text).toBe(out.text);
    });
  }

  for (const { id, s } of scenarioLabs) {
    test(`a share link to the ${id} lab opened in a new browser context gives the same scenario`, async ({
      page,
      browser,
    }) => {
      await openPlayground(page, `?from=${id}`);
      await panel(page).getByRole('button', { name: 'Share link' }).click();
      const url = await panel(page)
        .getByRole('textbox', { name: 'Link to this scenario' })
        .inputValue();
      // the link carries the scenario; a ?from= would open the lab instead
      expect(url).toMatch(/^http:\/\/[^/]+\/playground#scenario=[\w-]+$/);

      const other = await browser.newContext();
      try {
        const fresh = await other.newPage();
        await fresh.goto(url);
        await panelReady(fresh);
        await expect(canvasNodes(fresh)).toHaveCount(s.nodes.length);
        expect((await exported(fresh)).text).toBe(fileText(s));
        // history starts at the link's scenario, as it does at a lab
        await expect(fresh.getByRole('button', { name: 'Undo' })).toBeDisabled();
      } finally {
        await other.close();
      }
    });
  }

  test('a link pasted into an open playground loads its scenario as an undoable step', async ({
    page,
  }) => {
    const lab = scenarioLabs[0];
    if (lab === undefined) throw new Error('no scenario lab');
    const link = encodeScenarioLink(lab.s, 'http://example.test/playground');
    if (!link.ok) throw new Error(link.error.message);
    await openPlayground(page);
    await page.evaluate(
      (hash) => {
        window.location.hash = hash;
      },
      link.value.url.slice(link.value.url.indexOf('#')),
    );
    await expect(canvasNodes(page)).toHaveCount(lab.s.nodes.length);
    expect((await exported(page)).text).toBe(fileText(lab.s));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(canvasNodes(page)).toHaveCount(0);
  });

  test('a scenario too large for a link is refused with the advice to share the file', async ({
    page,
  }) => {
    const big = JSON.parse(fileText(rabbitmqLab));
    // random hex does not compress below the link limit
    big.nodes[0].emits[0].data = { blob: randomBytes(12_000).toString('hex') };
    await openPlayground(page);
    await importFile(page, 'big.eventlab.json', JSON.stringify(big));
    await expect(canvasNodes(page)).toHaveCount(rabbitmqLab.nodes.length);
    await panel(page).getByRole('button', { name: 'Share link' }).click();
    await expect(panel(page).getByRole('alert')).toContainText(
      'Export it as a file and share the file instead.',
    );
    await expect(panel(page).getByRole('textbox', { name: 'Link to this scenario' })).toHaveCount(
      0,
    );
  });

  test('a damaged link says why, as text, and the page opens empty', async ({ page }) => {
    await openPlayground(page, '#scenario=AAAA-not-a-scenario');
    await expect(page.getByRole('alert')).toContainText("This link's scenario is damaged");
    await expect(canvasNodes(page)).toHaveCount(0);
  });

  test('hostile files are each refused with their message; the document and the library stay as they were', async ({
    page,
  }) => {
    await openPlayground(page, '?from=rabbitmq');
    await panel(page).getByLabel('Name in the library').fill('Kept');
    await panel(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(savedNames(page)).toHaveText(['Kept']);
    const storedBefore = await storedLibrary(page);
    const documentBefore = (await exported(page)).text;

    const base = JSON.parse(fileText(rabbitmqLab));
    const files = hostileFiles(base);
    // the cases issue 7 names, at least
    for (const kind of ['forbidden-key', 'too-large', 'too-deep', 'invalid', 'not-json']) {
      expect(files.map((f) => f.kind)).toContain(kind);
    }
    for (const file of files) {
      await importFile(page, 'hostile.eventlab.json', file.text);
      const alert = panel(page).getByRole('alert');
      for (const part of file.says) await expect(alert, file.case).toContainText(part);
    }
    await expect(canvasNodes(page)).toHaveCount(rabbitmqLab.nodes.length);
    expect((await exported(page)).text).toBe(documentBefore);
    await expect(savedNames(page)).toHaveText(['Kept']);
    expect(await storedLibrary(page)).toEqual(storedBefore);
    // the __proto__ files reached no prototype
    expect(await page.evaluate(() => 'polluted' in {})).toBe(false);
  });

  test('markup in a file is shown as text: in a label, a title, and a refusal', async ({
    page,
  }) => {
    const markup = '<img src=x onerror="window.__xss=1">';
    await openPlayground(page);
    const copy = JSON.parse(fileText(rabbitmqLab));
    copy.nodes[0].label = markup;
    copy.title.en = markup;
    await importFile(page, 'markup.eventlab.json', JSON.stringify(copy));
    await expect(page.getByTestId(`node-${copy.nodes[0].id}`)).toContainText(markup);
    await expect(panel(page).getByLabel('Name in the library')).toHaveValue(markup);
    await panel(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(savedNames(page)).toHaveText([markup]);

    // a refusal that quotes the file
    const broken = JSON.parse(fileText(rabbitmqLab));
    broken.edges[0].source = markup;
    await importFile(page, 'broken.eventlab.json', JSON.stringify(broken));
    await expect(panel(page).getByRole('alert')).toContainText(`no node has the id "${markup}"`);

    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  test('the library: save, update, save as new, open, delete; a damaged entry listed to delete', async ({
    page,
  }) => {
    await openPlayground(page, '?from=queue');
    const name = panel(page).getByLabel('Name in the library');
    const save = panel(page).getByRole('button', { name: 'Save', exact: true });
    await name.fill('First');
    await save.click();
    await expect(savedNames(page)).toHaveText(['First']);
    await expect(panel(page).getByText('Save updates “First”')).toBeVisible();

    // an edit, saved over the same entry
    await page.getByRole('button', { name: '+ Queue' }).click();
    await expect(canvasNodes(page)).toHaveCount(queueNodes + 1);
    await save.click();
    await expect(panel(page).getByRole('status')).toHaveText('Saved: First');
    await expect(savedNames(page)).toHaveText(['First']);

    await name.fill('Second');
    await panel(page).getByRole('button', { name: 'Save as new' }).click();
    // most recent first
    await expect(savedNames(page)).toHaveText(['Second', 'First']);

    await openPlayground(page);
    await expect(savedNames(page)).toHaveText(['Second', 'First']);
    await panel(page).getByRole('button', { name: 'Open First' }).click();
    await expect(panel(page).getByRole('status')).toHaveText('Opened: First');
    await expect(canvasNodes(page)).toHaveCount(queueNodes + 1);
    await panel(page).getByRole('button', { name: 'Delete First' }).click();
    await expect(savedNames(page)).toHaveText(['Second']);
    // the open document is still there, to save again
    await expect(canvasNodes(page)).toHaveCount(queueNodes + 1);

    // a value in the database that is not a saved scenario (written by hand, or by a bug)
    await page.evaluate(async (dbName) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('entries', 'readwrite');
        tx.objectStore('entries').put({ id: 'broken-entry', name: '', updatedAt: 1 });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, `${SCENARIO_DB.prefix}:library`);
    await openPlayground(page);
    const damaged = panel(page).getByRole('list', { name: 'Damaged entries' });
    await expect(damaged).toContainText('broken-entry');
    await expect(savedNames(page)).toHaveText(['Second']);
    await damaged.getByRole('button', { name: 'Delete broken-entry' }).click();
    await expect(panel(page).getByRole('list', { name: 'Damaged entries' })).toHaveCount(0);
    expect((await storedLibrary(page)).entries).toHaveLength(1);
  });

  test('the canvas exports as PNG and SVG, and the run as JSON lines', async ({ page }) => {
    await openPlayground(page, '?from=rabbitmq');
    await page
      .getByTestId('node-producer')
      .getByRole('button', { name: 'Emit user.registered', exact: true })
      .click();
    await expect(page.getByTestId('acked-email_worker')).toHaveText('1', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Pause' }).click();

    const png = await readFile(await (await download(page, 'Export PNG')).path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: the picture holds every node, not only what is scrolled into view
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);

    const svgFile = await download(page, 'Export SVG');
    expect(svgFile.suggestedFilename()).toBe('rabbitmq.svg');
    const svg = await readFile(await svgFile.path(), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('email_queue');

    const traceFile = await download(page, 'Export Trace (JSON lines)');
    expect(traceFile.suggestedFilename()).toBe('rabbitmq.trace.jsonl');
    const lines = (await readFile(await traceFile.path(), 'utf8')).trimEnd().split('\n');
    const trace = await page.evaluate(
      () =>
        (window as { eventlab?: { trace(): { type: string; seq: number }[] } }).eventlab?.trace() ??
        [],
    );
    expect(lines).toHaveLength(trace.length);
    const read = lines.map((line) => JSON.parse(line) as { event: string; data: { seq: number } });
    expect(read.map((r) => [r.event, r.data.seq])).toEqual(trace.map((e) => [e.type, e.seq]));
    expect(read.map((r) => r.event)).toContain('broker.acked');
  });
});
