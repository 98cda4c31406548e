import { z } from 'zod';
import { fileCodeSchema, relationInputSchema, relationListSchema, relationSchema } from '@tramita/contracts';
import { auditedBy, principalOf, requireRole, type HttpApp } from '@tramita/platform';
import { listRelations } from '../../application/list-relations.ts';
import type { FilesPorts } from '../../application/ports.ts';
import { relateFiles } from '../../application/relate-files.ts';
import { unrelateFiles } from '../../application/unrelate-files.ts';
import { fileCodeParams } from './schemas.ts';

const causeOf = (request: { id: string }) => ({ source: 'files', correlationId: request.id, causationId: null });

const relationParams = z.object({ code: fileCodeSchema, id: z.uuid().describe('The relation id (from the list).') });

/**
 * Related expedientes: stated from one expediente to another and shown on both. Only expedientes
 * the caller may see take part; the rest are answered as missing (ADR 0013).
 */
export function registerRelationRoutes<Tx>(app: HttpApp, deps: { ports: FilesPorts<Tx> }): void {
  const { ports } = deps;

  app.post(
    '/api/files/:code/relations',
    {
      schema: {
        tags: ['relations'],
        summary: "Relate this expediente to another one the caller can see (tramitador in this one's organism; 409 relation-exists)",
        params: fileCodeParams,
        body: relationInputSchema,
        response: { 201: relationSchema },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      const relation = await relateFiles(ports, request.params.code, request.body, principalOf(request), causeOf(request), auditedBy(request));
      return reply
        .status(201)
        .header('location', `/api/files/${encodeURIComponent(request.params.code)}/relations/${relation.id}`)
        .send(relation);
    },
  );

  app.get(
    '/api/files/:code/relations',
    {
      schema: {
        tags: ['relations'],
        summary: "The expediente's relations in both directions, only those whose other expediente the caller can see",
        params: fileCodeParams,
        response: { 200: relationListSchema },
      },
    },
    async (request) => listRelations(ports, request.params.code, principalOf(request)),
  );

  app.delete(
    '/api/files/:code/relations/:id',
    {
      schema: {
        tags: ['relations'],
        summary: 'Remove a relation, from both expedientes (tramitador in the organism of either)',
        params: relationParams,
        response: { 204: z.null() },
      },
      preValidation: requireRole('tramitador'),
    },
    async (request, reply) => {
      await unrelateFiles(ports, request.params.code, request.params.id, principalOf(request), causeOf(request), auditedBy(request));
      return reply.status(204).send(null);
    },
  );
}
