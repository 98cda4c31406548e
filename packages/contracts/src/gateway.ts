import { z } from 'zod';
import { actorSchema, codeNameSchema } from './common.ts';
import { procedureRefSchema } from './bpm.ts';
import { fileRecordSchema } from './files.ts';

/** A person in the composed detail: the display name from auth's lookup, else the one the source carried. */
const detailActorSchema = actorSchema.extend({ displayName: z.string().describe('"Apellidos, Nombre"') });

/** One phase of the history, with both people named. */
export const detailHistoryEntrySchema = z.object({
  phase: codeNameSchema,
  enteredAt: z.string(),
  enteredBy: detailActorSchema,
  finishedAt: z.string().nullable(),
  finishedBy: detailActorSchema.nullable(),
});

/** The process part of the detail (bpm's process resource without its ids). */
export const detailProcessSchema = z.object({
  procedure: procedureRefSchema,
  phase: codeNameSchema,
  finished: z.boolean(),
  startedAt: z.string(),
  version: z.number().int(),
  history: z.array(detailHistoryEntrySchema),
});

/** One document of the detail: docs' metadata, people named, and where its content is read. */
export const detailDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: detailActorSchema,
  updatedAt: z.string(),
  updatedBy: detailActorSchema,
  contentUrl: z.string(),
});

/** Why a part of the detail is missing. */
export const detailWarningSchema = z.object({
  part: z.enum(['process', 'documents', 'users']),
  code: z.string(),
  detail: z.string(),
});

/**
 * `GET /api/files/{code}` (gateway): the expediente detail composed from files (record), bpm
 * (process), docs (documents) and auth (names). Only the record is essential: a part that fails,
 * is late or breaks its contract is null, with an entry in `warnings`.
 */
export const fileDetailSchema = fileRecordSchema.omit({ documentIds: true }).extend({
  currentPhase: fileRecordSchema.shape.currentPhase.describe('The current phase as files knows it'),
  createdBy: detailActorSchema,
  updatedBy: detailActorSchema,
  process: detailProcessSchema.nullable().describe('null when bpm did not answer in time (see warnings)'),
  documents: z.array(detailDocumentSchema).nullable().describe('null when docs did not answer in time (see warnings)'),
  warnings: z.array(detailWarningSchema),
});
export type FileDetailResource = z.infer<typeof fileDetailSchema>;
export type DetailActor = z.infer<typeof detailActorSchema>;
export type DetailHistoryEntry = z.infer<typeof detailHistoryEntrySchema>;
export type DetailProcess = z.infer<typeof detailProcessSchema>;
export type DetailDocument = z.infer<typeof detailDocumentSchema>;
export type DetailWarning = z.infer<typeof detailWarningSchema>;
