import { z } from 'zod';
import { actorSchema } from './common.ts';

/** A work item (bpm, ADR 0015): a user task an expediente's process has reached. */
export const taskResourceSchema = z.object({
  taskId: z.string().describe('`<instance>.<task>`; stable for the life of the task.'),
  fileCode: z.string(),
  organism: z.string().describe("The expediente's organism (DIR3)."),
  procedureCode: z.string(),
  nodeId: z.string().describe("The user task's element id in the procedure's BPMN file."),
  name: z.string().nullable(),
  assignee: z.string().nullable().describe('Who holds it; null: claimable by its candidates.'),
  candidateUsers: z.array(z.string()),
  candidateGroups: z.array(z.string()).describe("Roles (groups) whose holders in the expediente's organism may claim it."),
  dueAt: z.iso.datetime().nullable(),
  priority: z.number().int().nullable(),
  formKey: z.string().nullable(),
  state: z.enum(['open', 'completed', 'cancelled']),
  createdAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  endedBy: actorSchema.nullable(),
  version: z.number().int(),
  /** The task's plazo in legal units (`tramita:plazo`, ADR 0016), with its traffic light; absent when it states none. */
  plazo: z
    .object({
      plazoId: z.string(),
      durationText: z.string(),
      dueStatus: z.enum(['FINAL', 'PROVISIONAL']),
      trafficLight: z.enum(['IN_TIME', 'NEAR', 'OVERDUE', 'SUSPENDED', 'CLOSED']),
      timeLeft: z.string(),
    })
    .optional(),
  /**
   * The decision the task asks for: the ways out of it (the outgoing flows of the exclusive
   * gateway that follows it, or its successors), each with whether the caller may take it. Empty
   * when the task simply completes. Absent from lists (read a task for them).
   */
  decisions: z
    .array(
      z.object({
        to: z.object({ code: z.string(), name: z.string() }).describe('The phase (user task or end event) it leads to.'),
        allowed: z.boolean(),
      }),
    )
    .optional(),
});
export type TaskResource = z.infer<typeof taskResourceSchema>;

/** `GET /api/tasks` (bpm): the caller's inbox, one page of it. */
export const taskListSchema = z.object({
  items: z.array(taskResourceSchema),
  total: z.number().int().describe('How many tasks match, across every page.'),
});
export type TaskListResource = z.infer<typeof taskListSchema>;

/** `POST /api/tasks/{id}/delegate` (bpm): who gets the task. */
export const delegateTaskRequestSchema = z.object({ to: z.string().min(1).max(64).describe('The user name of whoever gets the task.') });
export type DelegateTaskRequest = z.infer<typeof delegateTaskRequestSchema>;

/** `POST /api/tasks/{id}/complete` (bpm): ends the task, with the decision it asks for (one of its `decisions`) and any variables. */
export const completeTaskRequestSchema = z.object({
  decision: z.string().min(1).max(100).optional().describe("The `to.code` of one of the task's decisions; required when it has more than one."),
  variables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe('Process variables to set (plain values only).'),
  expectedVersion: z.number().int().min(1).optional().describe('The task version the caller saw; refused (409) unless still current.'),
});
export type CompleteTaskRequest = z.infer<typeof completeTaskRequestSchema>;

/** `GET /api/files/{code}/process/diagram` (bpm): what the diagram of an expediente's procedure shows (ADR 0015). */
export const processDiagramSchema = z.object({
  procedure: z
    .object({ code: z.string(), version: z.number().int(), organism: z.string().nullable() })
    .describe('Read its file at GET /api/procedures/{code}/bpmn?version=&organism=.'),
  /** Element ids of the open user tasks (and other waiting elements: timers, calls). */
  active: z.array(z.string()),
  /** How often each element was completed (element id → count); completed ones are shaded. */
  runs: z.record(z.string(), z.number().int()),
  /** How often each sequence flow was taken. */
  flowsTaken: z.record(z.string(), z.number().int()),
  /** Open incidents: where the process is stuck and why. */
  incidents: z.array(
    z.object({ incidentId: z.string().optional().describe('Retry it with POST /api/incidents/{id}/retry.'), nodeId: z.string(), message: z.string() }),
  ),
});
export type ProcessDiagramResource = z.infer<typeof processDiagramSchema>;

/** `POST /api/incidents/{id}/retry` (bpm): the variables that fix what the incident named (plain values only). */
export const retryIncidentRequestSchema = z.object({
  variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
});
export type RetryIncidentRequest = z.infer<typeof retryIncidentRequestSchema>;

/** The answer to a retry: whether that incident is gone, and the process's open incidents now (a new one says what is still wrong). */
export const retryIncidentResultSchema = z.object({
  resolved: z.boolean(),
  incidents: z.array(z.object({ incidentId: z.string(), nodeId: z.string(), message: z.string() })),
});
export type RetryIncidentResult = z.infer<typeof retryIncidentResultSchema>;
