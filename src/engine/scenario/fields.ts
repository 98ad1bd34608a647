import { z } from 'zod';

/**
 * The fields every node kind shares, in a file of their own so a kind's schema can live in
 * its own file (sagaSchema.ts) without importing schema.ts, which imports it.
 */
export const id = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    'must start with a letter and use only letters, digits, _ or - (at most 64)',
  );

export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** Text shown in both languages of the course: English and Ukrainian. */
export const localizedSchema = z.object({ en: text(2000), uk: text(2000) }).strict();

export const position = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const nodeBase = {
  id,
  label: text(80).min(1, 'must not be empty'),
  position,
  description: localizedSchema.optional(),
};
