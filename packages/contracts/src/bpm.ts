import { z } from 'zod';
import { eventBuilders, participantProxy, type EventChannel, type ParticipantContract } from '@tramita/messaging';
import { actorSchema, codeNameSchema, failureSchema } from './common.ts';
import { topics } from './topics.ts';

/** bpm.commands: sent by the create-expediente saga. */
export const bpmCommands = {
  /** Open a process instance for an expediente; the saga chooses `processId` so it can compensate. */
  CreateProcess: z.object({
    processId: z.string().min(1),
    fileCode: z.string().min(1),
    /** The organism (DIR3) of the expediente; absent in commands sent before organisms (the default organism's). */
    organism: z.string().min(1).optional(),
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
  /** The compensation could not be done; the saga ends failed for an operator (bpm's DeleteProcess always succeeds or is retried today). */
  ProcessDeletionFailed: failureSchema,
} as const;

/** One entry of the phase history. */
export const phaseStepSchema = z.object({
  phase: codeNameSchema,
  enteredAt: z.iso.datetime(),
  enteredBy: actorSchema,
  finishedAt: z.iso.datetime().nullable(),
  finishedBy: actorSchema.nullable(),
});

/** The procedure a process follows, with its name (HTTP resources only; messages carry code and version). */
export const procedureRefSchema = z.object({ code: z.string(), version: z.number().int(), name: z.string() });

/** `GET /api/files/{code}/process` (bpm): the process with its procedure's name and its full phase history. */
export const processResourceSchema = z.object({
  processId: z.string(),
  fileCode: z.string(),
  /** The organism (DIR3) of the expediente (ADR 0013). */
  organism: z.string(),
  procedure: procedureRefSchema,
  phase: codeNameSchema,
  finished: z.boolean(),
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
  history: z.array(phaseStepSchema),
});
export type ProcessResource = z.infer<typeof processResourceSchema>;
export type PhaseStep = z.infer<typeof phaseStepSchema>;

/** `GET /api/files/{code}/transitions` (bpm): where the process may go from here, and who may take it there. */
export const transitionsResourceSchema = z.object({
  phase: codeNameSchema,
  version: z.number().int(),
  transitions: z.array(
    z.object({
      to: codeNameSchema,
      /** True when the caller holds `role` (in `unit`, when the procedure names one) and so may take this transition now. */
      allowed: z.boolean(),
      role: z.string(),
      /** The unit (DIR3) whose members alone may take it, when the procedure reserves it to one. */
      unit: z.string().nullable().optional(),
    }),
  ),
});
export type TransitionsResource = z.infer<typeof transitionsResourceSchema>;

/** `GET /api/procedures/{code}` (bpm): one version of a procedure definition. */
export const procedureResourceSchema = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  phases: z.array(z.object({ code: z.string(), name: z.string(), ordering: z.number().int(), initial: z.boolean(), terminal: z.boolean() })),
  transitions: z.array(z.object({ from: z.string(), to: z.string(), role: z.string(), unit: z.string().nullable().optional() })),
});
export type ProcedureResource = z.infer<typeof procedureResourceSchema>;

/** Something in a BPMN file the engine will not run (deploy refused, 422 `problems`) or reads past (`warnings`), ADR 0015. */
export const bpmnProblemSchema = z.object({
  elementId: z.string().nullable().describe("The element's id, when it has one."),
  type: z.string().describe('Its BPMN type, e.g. bpmn:InclusiveGateway.'),
  line: z.number().int().nullable().describe('1-based line of the element in the file; null when it cannot be located.'),
  message: z.string(),
});
export type BpmnProblem = z.infer<typeof bpmnProblemSchema>;

/** `POST /api/procedures` with a BPMN 2.0 file (bpm): the version each executable process of the file is now. */
export const procedureDeploymentSchema = z.object({
  procedures: z.array(
    z.object({
      code: z.string().describe('The process id: the procedure key.'),
      name: z.string(),
      version: z.number().int(),
      unchanged: z.boolean().describe('True when the latest version came from an identical file: nothing was stored.'),
    }),
  ),
  warnings: z.array(bpmnProblemSchema),
});
export type ProcedureDeploymentResource = z.infer<typeof procedureDeploymentSchema>;

/** `GET /api/procedures` (bpm): the shared procedures and the caller's organisms', each with its latest version. */
export const procedureListSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      latestVersion: z.number().int(),
      versions: z.array(z.number().int()),
      /** Whose catalogue holds it: null shared by every organism (absent from older servers). */
      organism: z.string().nullable().optional(),
      /** How its latest version is defined: a BPMN 2.0 file (diagram and XML available) or a phase table (absent from older servers). */
      format: z.enum(['bpmn', 'phases']).optional(),
    }),
  ),
});
export type ProcedureListResource = z.infer<typeof procedureListSchema>;

/** Full state of a process instance after a change (apply if `version` is newer). */
export const processSnapshotSchema = z.object({
  processId: z.string(),
  fileCode: z.string(),
  /** The organism (DIR3) of the expediente; absent in events written before organisms. */
  organism: z.string().optional(),
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
  /**
   * The expediente's maximum plazo to resolve and notify (art. 21, ADR 0016) was computed or
   * changed: started, suspended, resumed, extended, recomputed after a calendar change, expired.
   * `version` is the plazo's and grows with each change.
   */
  PlazoChanged: z.object({
    processId: z.string(),
    fileCode: z.string(),
    organism: z.string(),
    plazoId: z.string(),
    state: z.enum(['RUNNING', 'SUSPENDED', 'EXPIRED', 'CLOSED']),
    dueAt: z.iso.datetime({ offset: true }).nullable().describe('When it ends; null while suspended.'),
    nearFrom: z.iso.datetime({ offset: true }).nullable().describe('From when it is near its end (three días hábiles or the last quarter).'),
    dueStatus: z.enum(['FINAL', 'PROVISIONAL']).nullable(),
    version: z.number().int().positive(),
  }),
} as const;

/** bpm as a saga participant: the one definition the orchestrator's proxy and bpm's consumer both use. */
export const bpmParticipant = {
  service: 'bpm',
  commandTopic: topics.bpmCommands,
  commands: bpmCommands,
  replies: bpmReplies,
  subjectOf: { CreateProcess: (command) => command.processId, DeleteProcess: (command) => command.processId },
  compensations: { CreateProcess: { undoneBy: 'DeleteProcess', refusedWith: 'ProcessCreationFailed' } },
} satisfies ParticipantContract<typeof bpmCommands, typeof bpmReplies>;

/** The orchestrator's typed commands to bpm: `bpmProxy.CreateProcess({...})`. */
export const bpmProxy = participantProxy(bpmParticipant);

/** bpm.events with the subject of each (the process id). */
export const bpmEventChannel = {
  topic: topics.bpmEvents,
  events: bpmEvents,
  subjectOf: {
    ProcessStarted: (event) => event.processId,
    ProcessAdvanced: (event) => event.processId,
    ProcessDeleted: (event) => event.processId,
    PlazoChanged: (event) => event.processId,
  },
} satisfies EventChannel<typeof bpmEvents>;
/** Typed builders of bpm.events messages: `bpmEventMessages.ProcessDeleted({...})`. */
export const bpmEventMessages = eventBuilders(bpmEventChannel);
