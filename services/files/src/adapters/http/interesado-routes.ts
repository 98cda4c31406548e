import { z } from 'zod';
import {
  fileCodeSchema,
  interesadoChangeBodySchema,
  interesadoHistorySchema,
  interesadoInputSchema,
  interesadoListSchema,
  interesadoSchema,
  interesadoSearchQuerySchema,
  interesadoSearchSchema,
  MAX_VERSION,
  versionSchema,
} from '@tramita/contracts';
import { auditedBy, principalOf, problemResponse, requiredVersion, requireRole, type HttpApp } from '@tramita/platform';
import { addInteresado } from '../../application/add-interesado.ts';
import { changeInteresado } from '../../application/change-interesado.ts';
import { interesadoHistory } from '../../application/interesado-history.ts';
import { listInteresados } from '../../application/list-interesados.ts';
import type { FilesPorts } from '../../application/ports.ts';
import { removeInteresado } from '../../application/remove-interesado.ts';
import { searchInteresados } from '../../application/search-interesados.ts';
import { fileCodeParams, ifMatchHeaders } from './schemas.ts';

const causeOf = (request: { id: string }) => ({ source: 'files', correlationId: request.id, causationId: null });
const etag = (version: number) => `"${version}"`;

const interesadoParams = z.object({ code: fileCodeSchema, id: z.uuid().describe('The interesado id (from the list).') });
const versionQuery = z.object({
  expectedVersion: z.coerce
    .number()
    .pipe(versionSchema)
    .optional()
    .meta({ type: 'integer', minimum: 1, maximum: MAX_VERSION })
    .describe('The version being removed; required unless If-Match is sent (428 when neither).'),
});
const versionRequired = problemResponse('Neither expectedVersion nor If-Match says which version is being changed.');
const VERSION_HINT = 'the version in GET /api/files/{code}/interesados';

/**
 * Interesados of an expediente (Ley 39/2015 arts. 4 to 8). Reading takes membership of the
 * expediente's organism, writing the role tramitador there (ADR 0013).
 */
export function registerInteresadoRoutes<Tx>(app: HttpApp, deps: { ports: FilesPorts<Tx> }): void {
  const { ports } = deps;

  app.post(
    '/api/files/:code/interesados',
    {
      schema: {
        tags: ['interesados'],
        summary: 'Add an interesado to an expediente that is not finished (409 interesado-duplicate for a document it already holds)',
        params: fileCodeParams,
        body: interesadoInputSchema,
        response: { 201: interesadoSchema },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const added = await addInteresado(ports, request.params.code, request.body, principalOf(request), causeOf(request), auditedBy(request));
      return reply
        .status(201)
        .header('location', `/api/files/${encodeURIComponent(request.params.code)}/interesados/${added.id}`)
        .header('etag', etag(added.version))
        .send(added);
    },
  );

  app.get(
    '/api/files/:code/interesados',
    {
      schema: {
        tags: ['interesados'],
        summary: "The expediente's current interesados, in the order they were added",
        params: fileCodeParams,
        response: { 200: interesadoListSchema },
      },
    },
    async (request) => listInteresados(ports, request.params.code, principalOf(request), auditedBy(request)),
  );

  app.get(
    '/api/files/:code/interesados/history',
    {
      schema: {
        tags: ['interesados'],
        summary: "Every change to the expediente's interesados, oldest first, with the statement before and after",
        params: fileCodeParams,
        response: { 200: interesadoHistorySchema },
      },
    },
    async (request) => interesadoHistory(ports, request.params.code, principalOf(request), auditedBy(request)),
  );

  app.patch(
    '/api/files/:code/interesados/:id',
    {
      schema: {
        tags: ['interesados'],
        summary: 'Replace what is stated about an interesado; the version seen is required (expectedVersion or If-Match)',
        params: interesadoParams,
        headers: ifMatchHeaders,
        body: interesadoChangeBodySchema,
        response: { 200: interesadoSchema, 428: versionRequired },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const { expectedVersion, ...details } = request.body;
      const version = requiredVersion(expectedVersion, request.headers['if-match'], VERSION_HINT);
      const changed = await changeInteresado(
        ports,
        request.params.code,
        request.params.id,
        details,
        version,
        principalOf(request),
        causeOf(request),
        auditedBy(request),
      );
      return reply.header('etag', etag(changed.version)).send(changed);
    },
  );

  app.delete(
    '/api/files/:code/interesados/:id',
    {
      schema: {
        tags: ['interesados'],
        summary: 'Remove an interesado (its history stays); the version seen is required (?expectedVersion= or If-Match)',
        params: interesadoParams,
        querystring: versionQuery,
        headers: ifMatchHeaders,
        response: { 204: z.null(), 428: versionRequired },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const version = requiredVersion(request.query.expectedVersion, request.headers['if-match'], VERSION_HINT);
      await removeInteresado(ports, request.params.code, request.params.id, version, principalOf(request), causeOf(request), auditedBy(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/interesados',
    {
      schema: {
        tags: ['interesados'],
        summary: "Where a person (NIF, NIE or CIF) appears as interesado, newest first: only expedientes of the caller's organisms",
        querystring: interesadoSearchQuerySchema,
        response: { 200: interesadoSearchSchema },
      },
    },
    async (request) => searchInteresados(ports, request.query.document, principalOf(request), auditedBy(request)),
  );
}
