import { z } from 'zod';
import type { HandlerSpec } from '../../workers/types';

const poisonRule = z.union([
  z
    .object({
      field: z.string().min(1).max(100),
      equals: z.union([z.string().max(200), z.number(), z.boolean(), z.null()]),
    })
    .strict(),
  z.object({ routingKey: z.string().max(255) }).strict(),
]);

const simpleHandlers = [
  z.object({ kind: z.literal('email') }).strict(),
  z.object({ kind: z.literal('sms') }).strict(),
  z.object({ kind: z.literal('analytics') }).strict(),
  z.object({ kind: z.literal('slow'), ms: z.number().int().min(0).max(60_000) }).strict(),
  z.object({ kind: z.literal('flaky'), failureRate: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('poison'), when: poisonRule }).strict(),
  z.object({ kind: z.literal('custom'), source: z.string().max(10_000) }).strict(),
  z.object({ kind: z.literal('log') }).strict(),
] as const;

const simpleHandlerSchema = z.discriminatedUnion('kind', simpleHandlers);

/** A consumer's handler, as the worker pool takes it (src/workers/types.ts HandlerSpec). */
export const handlerSpecSchema = z.discriminatedUnion('kind', [
  ...simpleHandlers,
  z
    .object({
      kind: z.literal('listeners'),
      listeners: z
        .array(z.object({ name: z.string().min(1).max(60), handler: simpleHandlerSchema }).strict())
        .min(1)
        .max(10),
    })
    .strict(),
]);

// the schema and the pool's type must describe the same thing
type Parsed = z.output<typeof handlerSpecSchema>;
const _sameShape: (spec: Parsed) => HandlerSpec = (spec) => spec;
void _sameShape;
