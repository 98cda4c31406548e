import { z } from 'zod';
import { completeTaskRequestSchema, delegateTaskRequestSchema, taskListSchema, taskResourceSchema } from '@tramita/contracts';
import type { EngineServices, PlazoCounter } from '@tramita/bpmn';
import { actorOf, type Clock } from '@tramita/kernel';
import { auditedBy, principalOf, type HttpApp } from '@tramita/platform';
import type { FastifyRequest } from 'fastify';
import { claimTask, delegateTask, unclaimTask } from '../../application/change-task.ts';
import { completeTask, decisionsOf } from '../../application/complete-task.ts';
import { listInbox } from '../../application/list-inbox.ts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import { taskResource, withPlazo, visibleTask } from '../../application/task-access.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';

export interface TaskHttpDeps {
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  clock: Clock;
  /** The engine's services at `now`, with the count of plazos in legal units (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs (ADR 0016). */
  calendarDefaults: CalendarDefaults;
}

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });
const taskParams = z.object({ id: z.string().min(1).max(200) });
const inboxQuery = z.object({
  scope: z.enum(['mine', 'claimable']).optional().describe('mine: assigned to me; claimable: unassigned and mine to claim; omitted: both.'),
  procedure: z.string().min(1).max(100).optional().describe('Only tasks of this procedure.'),
  fileCode: z.string().min(1).max(100).optional().describe('Only tasks of this expediente.'),
  sort: z.enum(['due', '-due', 'priority', 'created']).optional().describe('due (default): soonest first, undated last.'),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ type: 'integer', minimum: 1, maximum: 200 }),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).meta({ type: 'integer', minimum: 0, maximum: 100_000 }),
});

export function registerTaskRoutes(app: HttpApp, deps: TaskHttpDeps): void {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: "My inbox: open tasks of my organisms' expedientes assigned to me or that my name or roles may claim",
        querystring: inboxQuery,
        response: { 200: taskListSchema },
      },
    },
    async (request) => {
      const { procedure, ...filter } = request.query;
      return listInbox(deps.repositories, principalOf(request), { ...filter, procedureCode: procedure }, deps.clock.now());
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: { tags: ['tasks'], summary: 'A task (any state) of an expediente of my organisms', params: taskParams, response: { 200: taskResourceSchema } },
    },
    async (request) => {
      const caller = principalOf(request);
      const task = await visibleTask(deps.repositories.tasks, request.params.id, caller);
      const decisions = await decisionsOf(deps.repositories, task, caller);
      const [plazo] = await deps.repositories.plazos.ofTasks([task.taskId]);
      return { ...withPlazo(taskResource(task.state()), plazo, deps.clock.now()), decisions: decisions.map(({ to, allowed }) => ({ to, allowed })) };
    },
  );

  const change = (path: string, summary: string, act: typeof claimTask) =>
    app.post(path, { schema: { tags: ['tasks'], summary, params: taskParams, response: { 200: taskResourceSchema } } }, async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, _outbox, audit) =>
        act({ tasks: repositories.tasks, audit }, request.params.id, principalOf(request), auditedBy(request)),
      ),
    );
  change('/api/tasks/:id/claim', 'Claim a task: I must be among its candidates and nobody may hold it (409 task-claimed)', claimTask);
  change('/api/tasks/:id/unclaim', "Give a task back to its candidates (its assignee, or an administrator of the expediente's organism)", unclaimTask);

  app.post(
    '/api/tasks/:id/delegate',
    {
      schema: {
        tags: ['tasks'],
        summary: "Hand a task to another person (its assignee, or an administrator of the expediente's organism)",
        params: taskParams,
        body: delegateTaskRequestSchema,
        response: { 200: taskResourceSchema },
      },
    },
    async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, _outbox, audit) =>
        delegateTask({ tasks: repositories.tasks, audit }, request.params.id, request.body.to, principalOf(request), auditedBy(request)),
      ),
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Complete a task (its assignee, or a candidate of an unassigned one) with the decision it asks for; the process moves on',
        params: taskParams,
        body: completeTaskRequestSchema,
        response: { 200: taskResourceSchema },
      },
    },
    async (request) => {
      const caller = principalOf(request);
      return deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        completeTask(
          { ...repositories, outbox, audit, clock: deps.clock, engineServices: deps.engineServices, calendarDefaults: deps.calendarDefaults },
          { taskId: request.params.id, ...request.body },
          caller,
          actorOf(caller),
          auditedBy(request),
        ),
      );
    },
  );
}
