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
