import { z } from 'zod';
import { actorSchema, codeNameSchema, failureSchema } from './common.ts';

/** bpm.commands: sent by the create-expediente saga. */
export const bpmCommands = {
  /** Open a process instance for an expediente; the saga chooses `processId` so it can compensate. */
  CreateProcess: z.object({
    processId: z.string().min(1),
    fileCode: z.string().min(1),
    /** Procedure definition code; omitted means the default procedure. */
    procedureCode: z.string().min(1).optional(),
    requestedBy: actorSchema,
  }),
  /** Compensation: delete the process if it exists and remember it must never be created. */
  DeleteProcess: z.object({ processId: z.string().min(1) }),
} as const;

/** Replies to the saga (topic given by the command's `replyto`). */
export const bpmReplies = {
  ProcessCreated: z.object({
    processId: z.string(),
    phase: codeNameSchema,
    procedure: z.object({ code: z.string(), version: z.number().int() }),
  }),
  ProcessCreationFailed: failureSchema,
  ProcessDeleted: z.object({ processId: z.string() }),
} as const;

/** One entry of the phase history. */
export const phaseStepSchema = z.object({
  phase: codeNameSchema,
  enteredAt: z.iso.datetime(),
  enteredBy: actorSchema,
  finishedAt: z.iso.datetime().nullable(),
  finishedBy: actorSchema.nullable(),
});

/** Full state of a process instance after a change (apply if `version` is newer). */
export const processSnapshotSchema = z.object({
  processId: z.string(),
  fileCode: z.string(),
  procedure: z.object({ code: z.string(), version: z.number().int() }),
  phase: codeNameSchema,
  finished: z.boolean(),
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type ProcessSnapshot = z.infer<typeof processSnapshotSchema>;

/** bpm.events */
export const bpmEvents = {
  ProcessStarted: processSnapshotSchema,
  ProcessAdvanced: processSnapshotSchema.extend({ from: codeNameSchema, by: actorSchema }),
  /** The process was removed by a compensation; `version` is greater than any before. */
  ProcessDeleted: z.object({ processId: z.string(), fileCode: z.string(), version: z.number().int().positive() }),
} as const;
