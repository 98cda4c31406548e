import { z } from 'zod';
import { actorSchema, versionSchema } from './common.ts';
import { dir3CodeSchema, identityDocumentSchema } from './identity.ts';

/**
 * Interesados: the persons and companies an expediente concerns (Ley 39/2015 arts. 4 to 8): who
 * asked (solicitante), who acts for someone (representante, art. 5) and anyone else whose rights
 * the resolution may touch (interesado, art. 4.1.b and c).
 */
export const INTERESADO_ROLES = ['solicitante', 'representante', 'interesado'] as const;
export type InteresadoRole = (typeof INTERESADO_ROLES)[number];

/**
 * How the administration notifies them (Ley 39/2015 art. 14 and 41): electronically (legal
 * persons must, art. 14.2.a) or by post to the address given.
 */
export const CONTACT_CHANNELS = ['electronic', 'postal'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A postal address in Spain or abroad (country as ISO 3166-1 alpha-2). */
export const postalAddressSchema = z.object({
  street: z.string().trim().min(1).max(200),
  postalCode: z.string().trim().min(1).max(16),
  municipality: z.string().trim().min(1).max(100),
  province: z.string().trim().max(100).nullable().default(null),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'An ISO 3166-1 alpha-2 country code, such as ES.')
    .overwrite((code) => code.toUpperCase())
    .default('ES'),
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

/**
 * `POST /api/files/{code}/interesados` and `PATCH …/interesados/{id}` (files): what a case worker
 * states about a person. The service adds the rules that need several fields: a company (CIF)
 * is notified electronically, the electronic channel needs an email, the postal one an address.
 */
export const interesadoInputSchema = z.object({
  /** NIF, NIE or CIF, check digit verified, stored normalised. */
  document: identityDocumentSchema,
  /** "Apellidos, Nombre" of a person or the company name. */
  name: z.string().trim().min(1).max(200),
  role: z.enum(INTERESADO_ROLES),
  channel: z.enum(CONTACT_CHANNELS),
  email: z.email().max(254).nullable().default(null),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,20}$/, 'Digits and spaces, optionally starting with +.')
    .nullable()
    .default(null),
  address: postalAddressSchema.nullable().default(null),
});
export type InteresadoInput = z.infer<typeof interesadoInputSchema>;

/** `PATCH /api/files/{code}/interesados/{id}` body: the whole new statement and the version it replaces. */
export const interesadoChangeBodySchema = interesadoInputSchema.extend({ expectedVersion: versionSchema.optional() });

/** An interesado as files serves it. */
export const interesadoSchema = z.object({
  id: z.string(),
  fileCode: z.string(),
  organism: dir3CodeSchema,
  document: z.string(),
  /** NIF (Spanish person), NIE (foreign person) or CIF (legal person), told by the document's shape. */
  documentKind: z.enum(['NIF', 'NIE', 'CIF']),
  name: z.string(),
  role: z.enum(INTERESADO_ROLES),
  channel: z.enum(CONTACT_CHANNELS),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: postalAddressSchema.nullable(),
  /** 1 when added, +1 per change. */
  version: z.number().int().positive(),
  addedAt: z.string(),
  addedBy: actorSchema,
  updatedAt: z.string(),
  updatedBy: actorSchema,
});
export type InteresadoResource = z.infer<typeof interesadoSchema>;

/** `GET /api/files/{code}/interesados` (files): the expediente's current interesados. */
export const interesadoListSchema = z.object({ items: z.array(interesadoSchema) });
export type InteresadoListResource = z.infer<typeof interesadoListSchema>;

/** One change in the history of an expediente's interesados: who, when, and the statement before and after. */
export const interesadoHistoryEntrySchema = z.object({
  interesadoId: z.string(),
  change: z.enum(['added', 'changed', 'removed']),
  at: z.string(),
  by: actorSchema,
  /** Null for `added`. */
  before: interesadoSchema.nullable(),
  /** Null for `removed`. */
  after: interesadoSchema.nullable(),
});
/** `GET /api/files/{code}/interesados/history` (files), oldest first. */
export const interesadoHistorySchema = z.object({ items: z.array(interesadoHistoryEntrySchema) });
export type InteresadoHistoryResource = z.infer<typeof interesadoHistorySchema>;

/** `GET /api/interesados?document=` query: the NIF, NIE or CIF sought. */
export const interesadoSearchQuerySchema = z.object({ document: identityDocumentSchema });

/**
 * `GET /api/interesados?document=` (files): where a person appears, only in the caller's
 * organisms (a personal-data read: it is audited).
 */
export const interesadoSearchSchema = z.object({
  document: z.string(),
  items: z.array(interesadoSchema),
});
export type InteresadoSearchResource = z.infer<typeof interesadoSearchSchema>;
