import { z } from 'zod';
import { dir3CodeSchema, fileCodeParamsSchema, fileDetailSchema } from '@tramita/contracts';
import { principalOf, problem, problemResponse, sendProblem, type HttpApp } from '@tramita/platform';
import { composeFileDetail } from '../../application/compose-file-detail.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { clientAddress } from './client-address.ts';
import { HttpFileDetailSources } from './file-detail-sources.http.ts';

/** `GET /api/files/{code}`: the expediente detail, composed from files, bpm, docs and auth. */
export function registerFileDetailRoute(app: HttpApp, upstreams: Partial<Record<UpstreamName, string>>, timeoutMs: number, trustedProxyHops: number): void {
  app.get(
    '/api/files/:code',
    {
      schema: {
        tags: ['files'],
        summary: 'Detalle de un expediente: datos, fase e historial, documentos y nombres de las personas',
        description:
          'Composed by the gateway in parallel from files, bpm, docs and auth, each with a timeout. Only the files record is essential: ' +
          'a part that fails or is late comes back as null with an entry in `warnings`.',
        params: fileCodeParamsSchema,
        querystring: z.object({ organism: dir3CodeSchema.optional().describe('Which organism, when two of yours hold the code') }),
        response: {
          200: fileDetailSchema,
          502: problemResponse('The files service did not answer, answered with an error of its own, or with a body its contract does not allow.'),
          504: problemResponse('The files service did not answer in time.'),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const sources = new HttpFileDetailSources(upstreams, request.id, clientAddress(request, trustedProxyHops), request.query.organism);
      const outcome = await composeFileDetail(sources, request.params.code, principal.token, { timeoutMs });
      if (!outcome.ok) {
        return sendProblem(reply, problem(outcome.status, outcome.code, outcome.detail, { instance: request.url.split('?')[0] }));
      }
      return outcome.detail;
    },
  );
}
