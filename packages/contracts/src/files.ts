import { z } from 'zod';
import { eventBuilders, type EventChannel } from '@tramita/messaging';
import { actorSchema, codeNameSchema } from './common.ts';
import { dir3CodeSchema } from './identity.ts';
import { topics } from './topics.ts';

/** An expediente code: letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64. */
export const FILE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** An expediente code wherever one crosses a service boundary (path parameters, bodies). */
export const fileCodeSchema = z.string().regex(FILE_CODE_PATTERN, 'Letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64.');

/** The path parameters of every `/api/files/{code}/...` route, in whichever service serves it. */
export const fileCodeParamsSchema = z.object({ code: fileCodeSchema });

/** `GET /api/files/{code}/record` (files): the expediente aggregate as files serves it to the gateway and clients. */
export const fileRecordSchema = z.object({
  code: z.string(),
  /** The organism (DIR3) the expediente belongs to (ADR 0013). */
  organism: z.string(),
  /** Its responsible unit (DIR3) within the organism; null (or absent, from older servers) when none was named. */
  unit: z.string().nullable().optional(),
  processId: z.string(),
  initialOption: codeNameSchema,
  description: z.string(),
  status: z.enum(['creating', 'active', 'finished']),
  finished: z.boolean(),
  /** The phase bpm last reported; null until it reports one. */
  currentPhase: codeNameSchema.nullable(),
  documentIds: z.array(z.string()),
  createdAt: z.string(),
  createdBy: actorSchema,
  updatedAt: z.string(),
  updatedBy: actorSchema,
  version: z.number().int(),
});
export type FileRecordResource = z.infer<typeof fileRecordSchema>;

/** `POST /api/files` (files): the create-expediente saga was started; follow it at `/api/sagas/{sagaId}`. */
export const sagaAcceptedSchema = z.object({ sagaId: z.string(), status: z.literal('running'), fileCode: z.string() });
export type SagaAcceptedResource = z.infer<typeof sagaAcceptedSchema>;

/** `GET /api/sagas/{id}` and each event of `/api/sagas/{id}/events` (files): how a creation is going. */
export const sagaStatusSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'completed', 'compensated', 'failed']),
  reason: z.string().optional(),
  fileCode: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SagaStatusResource = z.infer<typeof sagaStatusSchema>;

/** One option of `GET /api/initial-options`: `organism` says whose catalogue holds it (null: shared by every organism; absent from older servers). */
export const initialOptionItemSchema = codeNameSchema.extend({ organism: z.string().nullable().optional() });
export type InitialOptionItemResource = z.infer<typeof initialOptionItemSchema>;

/** `GET /api/initial-options` (files): the options a new expediente may start with (the shared ones and the caller's organisms'). */
export const initialOptionListSchema = z.object({ items: z.array(initialOptionItemSchema) });
export type InitialOptionListResource = z.infer<typeof initialOptionListSchema>;

/** `POST /api/initial-options` (files): adds an option to an organism's catalogue (its admin) or, without `organism`, to the shared one (platform-admin). */
export const addInitialOptionRequestSchema = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  procedureCode: z.string().min(1).max(64).nullable().optional(),
  organism: dir3CodeSchema
    .optional()
    .describe('The organism (DIR3) whose catalogue gets it (its admin adds it); omitted: shared by every organism (platform-admin).'),
});
export type AddInitialOptionRequest = z.infer<typeof addInitialOptionRequestSchema>;

/** The option `POST /api/initial-options` added, as files stores it. */
export const initialOptionSchema = z.object({
  code: z.string(),
  name: z.string(),
  procedureCode: z.string().nullable(),
  active: z.boolean(),
  organism: z.string().nullable().describe('The organism whose catalogue holds it; null: shared by every organism.'),
});
export type InitialOptionResource = z.infer<typeof initialOptionSchema>;

/** `GET /api/files/{code}/availability` (files). */
export const codeAvailabilitySchema = z.object({ code: z.string(), available: z.boolean() });
export type CodeAvailabilityResource = z.infer<typeof codeAvailabilitySchema>;

/** Full state of an expediente after a change (state-carrying event; apply if `version` is newer). */
export const fileSnapshotSchema = z.object({
  /** The expediente's unique code. */
  code: z.string().min(1),
  /** The organism (DIR3) it belongs to; absent in events written before organisms (the default organism's). */
  organism: z.string().min(1).optional(),
  /** Its responsible unit (DIR3) within the organism, when one was named. */
  unit: z.string().min(1).optional(),
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

/** files.events with the subject of each (the expediente code). */
export const fileEventChannel = {
  topic: topics.filesEvents,
  events: fileEvents,
  subjectOf: { FileCreated: (event) => event.code, FileUpdated: (event) => event.code },
} satisfies EventChannel<typeof fileEvents>;
/** Typed builders of files.events messages. */
export const fileEventMessages = eventBuilders(fileEventChannel);
