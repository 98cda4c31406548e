import { z } from 'zod';
import { actorSchema } from './common.ts';
import { fileCodeSchema } from './files.ts';
import { dir3CodeSchema } from './identity.ts';

/**
 * How two expedientes are related. A relation is stated from one expediente (`from`) to another
 * (`to`) and shown on both: the kind reads from `from`'s side, its inverse from `to`'s.
 * - acumulado: processed together (Ley 39/2015 art. 57); symmetric.
 * - antecedente: `to` came before and informs `from`; seen from `to`, `from` is a consecuente.
 * - recurso: `from` is an appeal against `to`'s resolution (arts. 112 to 126); seen from `to`, recurrido.
 * - relacionado: any other link; symmetric.
 */
export const RELATION_KINDS = ['acumulado', 'antecedente', 'recurso', 'relacionado'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** `POST /api/files/{code}/relations` body (files): relate this expediente to another the caller can see. */
export const relationInputSchema = z.object({
  kind: z.enum(RELATION_KINDS),
  /** The other expediente's code. */
  code: fileCodeSchema,
  /** Its organism, when the caller belongs to several that hold the code. */
  organism: dir3CodeSchema.optional(),
});
export type RelationInput = z.infer<typeof relationInputSchema>;

/** A relation as one of its two expedientes sees it. */
export const relationSchema = z.object({
  id: z.string(),
  kind: z.enum(RELATION_KINDS),
  /** `outgoing`: stated from this expediente; `incoming`: stated from the other one. */
  direction: z.enum(['outgoing', 'incoming']),
  other: z.object({ code: z.string(), organism: dir3CodeSchema }),
  createdAt: z.string(),
  createdBy: actorSchema,
});
export type RelationResource = z.infer<typeof relationSchema>;

/**
 * `GET /api/files/{code}/relations` (files): both directions, only those whose other expediente
 * the caller can see (the rest are not hinted at).
 */
export const relationListSchema = z.object({ items: z.array(relationSchema) });
export type RelationListResource = z.infer<typeof relationListSchema>;
