import { z } from 'zod';
import { actorSchema, failureSchema } from './common.ts';

/** A document's metadata as docs serves it (`GET /api/docs/{id}`, `POST /api/docs`): never its storage location. */
export const documentResourceSchema = z.object({
  id: z.string().describe('UUIDv7'),
  name: z.string().describe('Original file name, sanitised'),
  mediaType: z.string().describe('Detected from the content'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('Hex SHA-256 of the content'),
  fileCode: z.string().nullable().describe('Expediente it is attached to; null until attached'),
  createdAt: z.string().describe('ISO 8601'),
  createdBy: actorSchema,
  updatedAt: z.string().describe('ISO 8601'),
  updatedBy: actorSchema,
});
export type DocumentResource = z.infer<typeof documentResourceSchema>;

/** `GET /api/docs?fileCode=` (docs): the documents attached to an expediente. */
export const documentListSchema = z.object({ items: z.array(documentResourceSchema) });
export type DocumentListResource = z.infer<typeof documentListSchema>;

/** docs.commands: sent by the create-expediente saga. */
export const docsCommands = {
  /** Attach uploaded documents to an expediente; fails if any is unknown or attached elsewhere. */
  AttachDocuments: z.object({
    fileCode: z.string().min(1),
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
} as const;
