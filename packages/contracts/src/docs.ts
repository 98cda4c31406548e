import { z } from 'zod';
import { participantProxy, type ParticipantContract } from '@tramita/messaging';
import { ESTADOS_ELABORACION, ORIGENES, TIPOS_DOCUMENTALES } from '@tramita/eni/model';
import { actorSchema, failureSchema } from './common.ts';
import { topics } from './topics.ts';

/** A document's ENI metadata (NTI Documento electrónico; ADR 0017), as docs serves it. */
export const documentEniSchema = z.object({
  identificador: z.string().nullable().describe('ENI identifier ES_<DIR3>_<year>_<id>; null until the document enters an expediente'),
  organos: z.array(z.string()).describe('DIR3 codes of the responsible units'),
  fechaCaptura: z.string().describe('When it entered the system (ISO 8601)'),
  origen: z.enum(ORIGENES),
  estadoElaboracion: z.enum(ESTADOS_ELABORACION),
  identificadorDocumentoOrigen: z.string().nullable().describe('The source document, for EE02 and EE04'),
  tipoDocumental: z.enum(TIPOS_DOCUMENTALES),
  nombreFormato: z.string().nullable().describe('Format name of the current version (PDF, XML…); null when not in the catalogue'),
});
export type DocumentEniResource = z.infer<typeof documentEniSchema>;

/** One immutable version of a document's content. */
export const documentVersionSchema = z.object({
  version: z.number().int().positive(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string().describe('Hex SHA-256 of the content'),
  csv: z.string().nullable().describe('Its Código Seguro de Verificación (25 characters, no separators); null when no CSV regulation is configured'),
  csvStatus: z.enum(['VIGENTE', 'ANULADO']).nullable(),
  contentUrl: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  createdBy: actorSchema,
});
export type DocumentVersionResource = z.infer<typeof documentVersionSchema>;

/** `GET /api/docs/{id}/versions` (docs): every version, oldest first. */
export const documentVersionListSchema = z.object({ items: z.array(documentVersionSchema) });
export type DocumentVersionListResource = z.infer<typeof documentVersionListSchema>;

/** A document's metadata as docs serves it (`GET /api/docs/{id}`, `POST /api/docs`): never its storage location. */
export const documentResourceSchema = z.object({
  id: z.string().describe('UUIDv7'),
  name: z.string().describe('Original file name of the current version, sanitised'),
  mediaType: z.string().describe('Detected from the content'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('Hex SHA-256 of the current version'),
  fileCode: z.string().nullable().describe('Expediente it is attached to; null until attached'),
  organism: z.string().nullable().describe('Organism (DIR3) of the expediente it is attached to; null until attached'),
  createdAt: z.string().describe('ISO 8601'),
  createdBy: actorSchema,
  updatedAt: z.string().describe('ISO 8601'),
  updatedBy: actorSchema,
  /** Absent from servers older than ENI documents (ADR 0017). */
  currentVersion: z.number().int().positive().optional(),
  csv: z.string().nullable().optional().describe("The current version's CSV"),
  eni: documentEniSchema.optional(),
  /** Position in the expediente's índice (1, 2…), in incorporation order; null while unattached. */
  position: z.number().int().positive().nullable().optional(),
  folder: z.string().nullable().optional().describe('Folder of the índice it is filed in'),
  incorporatedAt: z.string().nullable().optional().describe('When it entered the expediente'),
  removal: z
    .object({ at: z.string(), by: actorSchema, reason: z.string() })
    .nullable()
    .optional()
    .describe('Removed from the expediente (its history is kept)'),
});
export type DocumentResource = z.infer<typeof documentResourceSchema>;

/** The ENI metadata a case worker states when adding a document or correcting it. */
export const documentEniInputSchema = z.object({
  origen: z.enum(ORIGENES),
  estadoElaboracion: z.enum(ESTADOS_ELABORACION),
  identificadorDocumentoOrigen: z.string().trim().min(1).max(52).nullable().default(null),
  tipoDocumental: z.enum(TIPOS_DOCUMENTALES),
  folder: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Letters, digits, ".", "_" or "-" (at most 64).')
    .nullable()
    .default(null),
});
export type DocumentEniInput = z.infer<typeof documentEniInputSchema>;

/** `PUT /api/docs/{id}/metadata` body. */
export const documentMetadataChangeSchema = documentEniInputSchema;

/** `POST /api/docs/{id}/removal` body: why it leaves the expediente. */
export const documentRemovalSchema = z.object({ reason: z.string().trim().min(1).max(500) });

/** `GET /api/docs?fileCode=` (docs): the documents attached to an expediente. */
export const documentListSchema = z.object({ items: z.array(documentResourceSchema) });
export type DocumentListResource = z.infer<typeof documentListSchema>;

/** docs.commands: sent by the create-expediente saga. */
export const docsCommands = {
  /** Attach uploaded documents to an expediente; fails if any is unknown or attached elsewhere. */
  AttachDocuments: z.object({
    fileCode: z.string().min(1),
    /** The expediente's organism; absent in commands sent before organisms (the default organism's). */
    organism: z.string().min(1).optional(),
    documentIds: z.array(z.string().min(1)).min(1),
    requestedBy: actorSchema,
  }),
  /** Compensation: detach them again (documents attached to another expediente stay). */
  DetachDocuments: z.object({ fileCode: z.string().min(1), documentIds: z.array(z.string().min(1)) }),
} as const;

export const docsReplies = {
  DocumentsAttached: z.object({ fileCode: z.string(), documentIds: z.array(z.string()) }),
  DocumentsAttachFailed: failureSchema,
  DocumentsDetached: z.object({ fileCode: z.string(), documentIds: z.array(z.string()) }),
  /** The compensation could not be done; the saga ends failed for an operator (docs' DetachDocuments always succeeds or is retried today). */
  DocumentsDetachFailed: failureSchema,
} as const;

/** docs as a saga participant: the one definition the orchestrator's proxy and docs' consumer both use. */
export const docsParticipant = {
  service: 'docs',
  commandTopic: topics.docsCommands,
  commands: docsCommands,
  replies: docsReplies,
  subjectOf: { AttachDocuments: (command) => command.fileCode, DetachDocuments: (command) => command.fileCode },
  compensations: { AttachDocuments: { undoneBy: 'DetachDocuments', refusedWith: 'DocumentsAttachFailed' } },
} satisfies ParticipantContract<typeof docsCommands, typeof docsReplies>;

/** The orchestrator's typed commands to docs: `docsProxy.AttachDocuments({...})`. */
export const docsProxy = participantProxy(docsParticipant);
