import { z } from 'zod';
import { dir3CodeSchema, MAX_VERSION, procedureDeploymentSchema, versionSchema } from '@tramita/contracts';
import { validationError } from '@tramita/kernel';
import { auditedBy, problemResponse, requireRole, principalOf, type HttpApp } from '@tramita/platform';
import type { FastifyRequest } from 'fastify';
import { deployProcedure, type ReadBpmn } from '../../application/deploy-procedure.ts';
import { getProcedure } from '../../application/get-procedure.ts';
import { getProcedureBpmn } from '../../application/get-procedure-bpmn.ts';
import { listProcedures } from '../../application/list-procedures.ts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import { publishProcedure } from '../../application/publish-procedure.ts';
import { procedureBody, procedureListBody, publishProcedureRequest } from './schemas.ts';

export interface ProcedureHttpDeps {
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  readBpmn: ReadBpmn;
  defaultOrganism: string;
}

/** The media types a BPMN 2.0 file is sent as. */
export const BPMN_MEDIA_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];
/** The largest BPMN file accepted (the biggest public administration file found is about 100 kB). */
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });
const isXml = (request: FastifyRequest) => BPMN_MEDIA_TYPES.includes((request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase());

const versionQuery = z.coerce
  .number()
  .pipe(versionSchema)
  .optional()
  .meta({ type: 'integer', minimum: 1, maximum: MAX_VERSION })
  .describe('A published version (default: the latest).');
const catalogueQuery = dir3CodeSchema.optional().describe("Whose catalogue, when several catalogues you see hold the code (two of your organisms' own).");

export function registerProcedureRoutes(app: HttpApp, deps: ProcedureHttpDeps): void {
  // A BPMN file arrives as XML text; the engine's reader parses it (never this parser).
  app.addContentTypeParser(BPMN_MEDIA_TYPES, { parseAs: 'string', bodyLimit: MAX_BPMN_BYTES }, (_request, body, done) => done(null, body));

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
        summary: 'A procedure definition (latest version, or ?version=N) with phases and transitions (for a BPMN procedure, its user tasks and decisions)',
        params: z.object({ code: z.string().min(1).max(100) }),
        querystring: z.object({ version: versionQuery, organism: catalogueQuery }),
        response: { 200: procedureBody },
      },
    },
    async (request) =>
      (
        await getProcedure(deps.repositories, request.params.code, principalOf(request), { version: request.query.version, organism: request.query.organism })
      ).toData(),
  );

  app.get(
    '/api/procedures/:code/bpmn',
    {
      schema: {
        tags: ['procedures'],
        summary: 'The BPMN 2.0 file a procedure version was deployed from, unchanged (latest version, or ?version=N)',
        params: z.object({ code: z.string().min(1).max(100) }),
        querystring: z.object({ version: versionQuery, organism: catalogueQuery }),
        produces: ['application/xml'],
        response: { 200: z.string().describe('The BPMN 2.0 XML as deployed.') },
      },
    },
    async (request, reply) => {
      const { code, version, xml } = await getProcedureBpmn(deps.repositories, request.params.code, principalOf(request), request.query);
      return reply
        .header('content-type', 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${code}-v${version}.bpmn"`)
        .send(xml);
    },
  );

  app.post(
    '/api/procedures',
    {
      // The early gate; who may publish to which catalogue is decided with the catalogue's organism.
      preValidation: requireRole('admin', 'platform-admin'),
      schema: {
        tags: ['procedures'],
        summary:
          "Deploy a BPMN 2.0 file (application/xml; ?organism= for an organism's catalogue, its admin; without, the shared one, platform-admin), or publish a phase table (JSON)",
        description:
          'A BPMN file: every executable process becomes the next version of the procedure its id names (201), an identical file changes nothing (200); a file with anything the engine does not run is refused whole with 422 and `problems` listing each element (id, type, line). JSON: a phase table, as before.',
        consumes: ['application/json', ...BPMN_MEDIA_TYPES],
        querystring: z.object({ organism: dir3CodeSchema.optional().describe('For a BPMN file: the organism whose catalogue gets it; omitted: shared.') }),
        body: z.union([publishProcedureRequest, z.string().min(1).max(MAX_BPMN_BYTES).describe('A BPMN 2.0 file, sent as application/xml.')]),
        response: {
          200: procedureDeploymentSchema.describe('An identical file was deployed before: nothing changed.'),
          201: z.union([procedureBody, procedureDeploymentSchema]),
          422: problemResponse('The BPMN file holds elements the engine does not run, or faults: `problems` lists each with its id, type and line.'),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const caller = principalOf(request);
      if (typeof body === 'string') {
        if (!isXml(request)) throw validationError('bpmn-media-type', 'Send a BPMN file as application/xml (or text/xml, application/bpmn+xml).');
        const result = await deps.unitOfWork.run(causeOf(request), (repositories, _outbox, audit) =>
          deployProcedure(
            { procedures: repositories.procedures, readBpmn: deps.readBpmn, audit, defaultOrganism: deps.defaultOrganism },
            { xml: body, organism: request.query.organism },
            caller,
            auditedBy(request),
          ),
        );
        request.log.info({ procedures: result.procedures }, 'bpmn deployed');
        return reply.status(result.procedures.every((p) => p.unchanged) ? 200 : 201).send(result);
      }
      if (request.query.organism !== undefined) throw validationError('organism-in-body', 'A phase table names its organism in the body, not in the query.');
      const procedure = await deps.unitOfWork.run(causeOf(request), (repositories, _outbox, audit) =>
        publishProcedure(
          { procedures: repositories.procedures, audit, defaultOrganism: deps.defaultOrganism },
          { ...body, phases: body.phases.map((p, i) => ({ ...p, ordering: p.ordering ?? i + 1 })) },
          caller,
          auditedBy(request),
        ),
      );
      request.log.info({ procedure: procedure.code, version: procedure.version }, 'procedure published');
      return reply.status(201).send(procedure.toData());
    },
  );
}
