import type { SagaEngine, SagaNotifier, SqlExecutor } from '@tramita/messaging';
import { auditedBy, principalOf, problemResponse, requiredVersion, requireRole, type HttpApp } from '@tramita/platform';
import { checkCodeAvailability } from '../../application/check-code-availability.ts';
import { createFile } from '../../application/create-file.ts';
import { editFile } from '../../application/edit-file.ts';
import { getFileRecord } from '../../application/get-file-record.ts';
import type { FilesPorts } from '../../application/ports.ts';
import type { CreateFileSagaData } from '../../application/sagas/create-file.saga.ts';
import { availabilitySchema, createFileBody, editFileBody, fileCodeParams, fileRecordSchema, ifMatchHeaders, organismQuery, sagaAccepted } from './schemas.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const FILES_API = {
  title: 'Tramita files',
  description: 'Expedientes (case files) and the create-expediente saga.',
  tags: [
    { name: 'files', description: 'Expedientes and initial options' },
    { name: 'sagas', description: 'Status of create-expediente sagas' },
    { name: 'interesados', description: 'The persons and companies an expediente concerns (Ley 39/2015 arts. 4 to 8)' },
    { name: 'relations', description: 'Related expedientes (acumulado, antecedente, recurso, relacionado)' },
  ],
};

const causeOf = (request: { id: string }) => ({ source: 'files', correlationId: request.id, causationId: null });
const etag = (version: number) => `"${version}"`;

export function registerFileRoutes(
  app: HttpApp,
  deps: { ports: FilesPorts<SqlExecutor>; engine: SagaEngine<CreateFileSagaData, SqlExecutor>; notifier: SagaNotifier },
): void {
  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Create an expediente: starts the create-expediente saga and answers at once (follow Location)',
        body: createFileBody,
        response: { 202: sagaAccepted },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const { documents, ...rest } = request.body;
      const started = await deps.notifier.afterCommit(() =>
        createFile(deps.ports, deps.engine, { ...rest, documentIds: documents }, principalOf(request), causeOf(request), auditedBy(request)),
      );
      return reply
        .status(202)
        .header('location', `/api/sagas/${started.sagaId}`)
        .send({ sagaId: started.sagaId, status: 'running' as const, fileCode: started.fileCode });
    },
  );

  app.get(
    '/api/files/:code/record',
    {
      schema: {
        tags: ['files'],
        summary: 'The expediente aggregate (404 while its creation runs)',
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: fileRecordSchema },
      },
    },
    async (request, reply) => {
      const record = await getFileRecord(deps.ports, request.params.code, principalOf(request), auditedBy(request), request.query.organism);
      return reply.header('etag', etag(record.version)).send(record);
    },
  );

  app.get(
    '/api/files/:code/availability',
    {
      schema: {
        tags: ['files'],
        summary: 'Whether a code is still free in the organism you would create it in (checked again on creation)',
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: availabilitySchema },
      },
    },
    async (request) => checkCodeAvailability(deps.ports.files, request.params.code, principalOf(request), request.query.organism),
  );

  app.patch(
    '/api/files/:code',
    {
      schema: {
        tags: ['files'],
        summary: 'Edit description and/or initial option until the expediente is finished; the version seen is required (expectedVersion or If-Match)',
        params: fileCodeParams,
        querystring: organismQuery,
        headers: ifMatchHeaders,
        body: editFileBody,
        response: { 200: fileRecordSchema, 428: problemResponse('Neither expectedVersion nor If-Match says which version is being changed.') },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const { expectedVersion, ...changes } = request.body;
      const version = requiredVersion(expectedVersion, request.headers['if-match'], 'the ETag of GET /api/files/{code}/record');
      const record = await editFile(
        deps.ports,
        request.params.code,
        { ...changes, expectedVersion: version, organism: request.query.organism },
        principalOf(request),
        causeOf(request),
        auditedBy(request),
      );
      return reply.header('etag', etag(record.version)).send(record);
    },
  );
}
