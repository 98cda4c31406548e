import { z } from 'zod';
import { auditedBy, problemResponse, requiredVersion, principalOf, type HttpApp } from '@tramita/platform';
import { actorOf, type Clock } from '@tramita/kernel';
import type { FastifyRequest } from 'fastify';
import type { EngineServices, PlazoCounter } from '@tramita/bpmn';
import { processDiagramSchema } from '@tramita/contracts';
import { advanceProcess } from '../../application/advance-process.ts';
import { getProcess } from '../../application/get-process.ts';
import { getProcessDiagram } from '../../application/get-process-diagram.ts';
import { listTransitions } from '../../application/list-transitions.ts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import { fileCodeParams, organismQuery, processBody, transitionRequest, transitionsBody } from './schemas.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const BPM_API = {
  title: 'Tramita bpm',
  description: 'Procedure definitions (the workflow as versioned data) and the process of each expediente.',
  tags: [
    { name: 'workflow', description: 'Phase and history of an expediente, and moving it between phases' },
    { name: 'procedures', description: 'Procedure definitions: BPMN 2.0 files or phase tables, with their versions' },
    { name: 'tasks', description: 'Work items: the inbox, claiming, handing over and completing user tasks' },
  ],
};

export interface BpmHttpDeps {
  /** Repositories for plain reads (outside any transaction). */
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  clock: Clock;
  /** The engine's services at `now`, with the count of plazos in legal units (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs (ADR 0016). */
  calendarDefaults: CalendarDefaults;
  /** The platform's own organism, where platform administrators hold their role. */
  defaultOrganism: string;
}

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });

export function registerWorkflowRoutes(app: HttpApp, deps: BpmHttpDeps): void {
  app.get(
    '/api/files/:code/process',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Process of an expediente: current phase and full phase history',
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: processBody },
      },
    },
    async (request) => getProcess(deps.repositories, request.params.code, principalOf(request), request.query.organism),
  );

  app.get(
    '/api/files/:code/process/diagram',
    {
      schema: {
        tags: ['workflow'],
        summary: "What the diagram of the expediente's BPMN procedure shows: waiting elements, run counts, flows taken, incidents (404 for a phase table)",
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: processDiagramSchema },
      },
    },
    async (request) => getProcessDiagram(deps.repositories, request.params.code, principalOf(request), request.query.organism),
  );

  app.get(
    '/api/files/:code/transitions',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Transitions out of the current phase, marking those the caller may take',
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: transitionsBody },
      },
    },
    async (request) => listTransitions(deps.repositories, request.params.code, principalOf(request), request.query.organism),
  );

  app.post(
    '/api/files/:code/transitions',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Move the expediente to another phase (the procedure says which role may)',
        params: fileCodeParams,
        querystring: organismQuery,
        body: transitionRequest,
        headers: z.object({ 'if-match': z.string().optional() }),
        response: { 200: processBody, 428: problemResponse('Neither expectedVersion nor If-Match says which process version is being moved.') },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const expectedVersion = requiredVersion(request.body.expectedVersion, request.headers['if-match'], 'the version of GET /api/files/{code}/transitions');
      return deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        advanceProcess(
          { ...repositories, outbox, clock: deps.clock, engineServices: deps.engineServices, calendarDefaults: deps.calendarDefaults, audit },
          {
            fileCode: request.params.code,
            to: request.body.to,
            expectedVersion,
            actor: actorOf(principal),
            caller: principal,
            organism: request.query.organism,
            audited: auditedBy(request),
          },
        ),
      );
    },
  );
}
