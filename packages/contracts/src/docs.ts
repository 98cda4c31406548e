import { z } from 'zod';
import { participantProxy, type ParticipantContract } from '@tramita/messaging';
import { actorSchema, failureSchema } from './common.ts';
import { topics } from './topics.ts';

/** A document's metadata as docs serves it (`GET /api/docs/{id}`, `POST /api/docs`): never its storage location. */
export const documentResourceSchema = z.object({
  id: z.string().describe('UUIDv7'),
  name: z.string().describe('Original file name, sanitised'),
  mediaType: z.string().describe('Detected from the content'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('Hex SHA-256 of the content'),
  fileCode: z.string().nullable().describe('Expediente it is attached to; null until attached'),
  organism: z.string().nullable().describe('Organism (DIR3) of the expediente it is attached to; null until attached'),
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
