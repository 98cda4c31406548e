import { z } from 'zod';
import { dir3CodeSchema, MAX_VERSION, versionSchema } from '@tramita/contracts';
import { auditedBy, problemResponse, requiredVersion, requireRole, principalOf, type HttpApp } from '@tramita/platform';
import { actorOf, type Clock } from '@tramita/kernel';
import type { FastifyRequest } from 'fastify';
import { advanceProcess } from '../../application/advance-process.ts';
import { getProcedure } from '../../application/get-procedure.ts';
import { getProcess } from '../../application/get-process.ts';
import { listProcedures } from '../../application/list-procedures.ts';
import { listTransitions } from '../../application/list-transitions.ts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import { publishProcedure } from '../../application/publish-procedure.ts';
import {
  fileCodeParams,
  organismQuery,
  procedureBody,
  procedureListBody,
  processBody,
  publishProcedureRequest,
  transitionRequest,
  transitionsBody,
} from './schemas.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const BPM_API = {
  title: 'Tramita bpm',
  description: 'Procedure definitions (the workflow as versioned data) and the process of each expediente.',
  tags: [
    { name: 'workflow', description: 'Phase and history of an expediente, and moving it between phases' },
    { name: 'procedures', description: 'Procedure definitions: phases, transitions and the role allowed for each' },
  ],
};

export interface BpmHttpDeps {
  /** Repositories for plain reads (outside any transaction). */
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  clock: Clock;
  knownRoles: readonly string[];
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
          { ...repositories, outbox, clock: deps.clock, audit },
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

  app.get(
    '/api/procedures',
    {
      schema: {
        tags: ['procedures'],
        summary: "Procedure definitions with their latest version: the shared ones and those of the caller's organisms",
        response: { 200: procedureListBody },
      },
    },
    async (request) => ({ items: await listProcedures(deps.repositories, principalOf(request)) }),
  );

  app.get(
    '/api/procedures/:code',
    {
      schema: {
        tags: ['procedures'],
        summary: 'A procedure definition (latest version, or ?version=N) with phases and transitions',
        params: z.object({ code: z.string().min(1).max(50) }),
        querystring: z.object({
          version: z.coerce
            .number()
            .pipe(versionSchema)
            .optional()
            .meta({ type: 'integer', minimum: 1, maximum: MAX_VERSION })
            .describe('A published version (default: the latest).'),
          organism: dir3CodeSchema.optional().describe("Whose catalogue, when several catalogues you see hold the code (two of your organisms' own)."),
        }),
        response: { 200: procedureBody },
      },
    },
    async (request) =>
      (
        await getProcedure(deps.repositories, request.params.code, principalOf(request), { version: request.query.version, organism: request.query.organism })
      ).toData(),
  );

  app.post(
    '/api/procedures',
    {
      // The early gate; who may publish to which catalogue is decided with the catalogue's organism.
      preValidation: requireRole('admin', 'platform-admin'),
      schema: {
        tags: ['procedures'],
        summary: "Publish a new version of a procedure definition in an organism's catalogue (its admin) or, without organism, the shared one (platform-admin)",
        body: publishProcedureRequest,
        response: { 201: procedureBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const procedure = await deps.unitOfWork.run(causeOf(request), (repositories, _outbox, audit) =>
        publishProcedure(
          { procedures: repositories.procedures, knownRoles: deps.knownRoles, audit, defaultOrganism: deps.defaultOrganism },
          { ...body, phases: body.phases.map((p, i) => ({ ...p, ordering: p.ordering ?? i + 1 })) },
          principalOf(request),
          auditedBy(request),
        ),
      );
      request.log.info({ procedure: procedure.code, version: procedure.version }, 'procedure published');
      return reply.status(201).send(procedure.toData());
    },
  );
}
