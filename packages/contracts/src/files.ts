import { z } from 'zod';
import { actorSchema, codeNameSchema } from './common.ts';

/** Full state of an expediente after a change (state-carrying event; apply if `version` is newer). */
export const fileSnapshotSchema = z.object({
  /** The expediente's unique code. */
  code: z.string().min(1),
  /** Process instance in bpm that drives this expediente. */
  processId: z.string().min(1),
  initialOption: codeNameSchema,
  description: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: actorSchema,
  updatedAt: z.iso.datetime(),
  updatedBy: actorSchema,
  /** Ids of documents (owned by docs) attached to the expediente. */
  documentIds: z.array(z.string()),
  /** Aggregate version, starting at 1 and growing by one per change. */
  version: z.number().int().positive(),
});
export type FileSnapshot = z.infer<typeof fileSnapshotSchema>;

/** files.events */
export const fileEvents = {
  /** The create-expediente saga completed: the expediente exists. */
  FileCreated: fileSnapshotSchema,
  /** Description or initial option changed. */
  FileUpdated: fileSnapshotSchema,
} as const;
