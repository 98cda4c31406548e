import { z } from 'zod';
import { actorSchema, failureSchema } from './common.ts';

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
