import { z } from 'zod';
import type { StoredEntry } from './scenarioDb';
import type { ScenarioSummary } from './scenarioLibrary';
import { refused, type ScenarioLibraryResult } from './scenarioLibraryErrors';

/** What the library takes as an id and a name, and what it takes back out of IndexedDB. */

export const LIBRARY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const MAX_NAME = 200;

const localized = z.object({ en: z.string(), uk: z.string() });
/** Stored values, checked on the way out: anything may have written to the database. */
export const storedEntrySchema = z.object({
  id: z.string().regex(LIBRARY_ID),
  name: z.string().min(1).max(MAX_NAME),
  createdAt: z.number().finite(),
  updatedAt: z.number().finite(),
  title: localized,
});

export const storedTextSchema = z.object({ id: z.string(), text: z.string() });

export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function summaryOf(stored: StoredEntry): ScenarioSummary {
  const { id, name, createdAt, updatedAt, title } = stored;
  return { id, name, createdAt, updatedAt, title: { en: title.en, uk: title.uk } };
}

export function checkId<T>(id: string): ScenarioLibraryResult<T> | undefined {
  if (LIBRARY_ID.test(id)) return undefined;
  return refused({
    kind: 'invalid-entry',
    field: 'id',
    message: 'A library id is 1 to 128 letters, digits, _ or -, starting with a letter or digit.',
  });
}

/** The name as stored (trimmed), or why it is refused. */
export function checkName(name: string): ScenarioLibraryResult<string> {
  const trimmed = name.trim();
  if (trimmed !== '' && trimmed.length <= MAX_NAME) return { ok: true, value: trimmed };
  return refused({
    kind: 'invalid-entry',
    field: 'name',
    message: `A name is 1 to ${MAX_NAME} characters.`,
  });
}

/** The id of a stored value that may not be a saved scenario at all. */
export function idOf(value: unknown): string {
  const id =
    typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : '(no id)';
}
