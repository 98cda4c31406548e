import { z } from 'zod';
import { codeNameSchema, fileCodeSchema } from '@tramita/contracts';
import { principalOf, problem, problemResponse, sendProblem, type HttpApp } from '@tramita/platform';
import { composeFileDetail } from '../../application/compose-file-detail.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { HttpFileDetailSources } from './file-detail-sources.http.ts';

const actor = z.object({ username: z.string(), displayName: z.string().describe('"Apellidos, Nombre"') }).nullable();

export const fileDetailSchema = z.object({
  code: z.string(),
  processId: z.string().nullable(),
  initialOption: z.unknown(),
  description: z.string().nullable(),
  status: z.string().nullable(),
  finished: z.boolean().nullable(),
  currentPhase: codeNameSchema.nullable().describe('The current phase as files knows it'),
  createdAt: z.string().nullable(),
  createdBy: actor,
  updatedAt: z.string().nullable(),
  updatedBy: actor,
  version: z.number().nullable(),
  process: z
    .object({
      procedure: z.unknown(),
      phase: z.unknown(),
      finished: z.boolean().nullable(),
      startedAt: z.string().nullable(),
      version: z.number().nullable(),
      history: z.array(z.looseObject({ enteredBy: actor, finishedBy: actor })),
    })
    .nullable()
    .describe('null when bpm did not answer in time (see warnings)'),
  documents: z
    .array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        mediaType: z.string().nullable(),
        size: z.number().nullable(),
        sha256: z.string().nullable(),
        createdAt: z.string().nullable(),
        createdBy: actor,
        updatedAt: z.string().nullable(),
        updatedBy: actor,
        contentUrl: z.string(),
      }),
    )
    .nullable()
    .describe('null when docs did not answer in time (see warnings)'),
  warnings: z.array(z.object({ part: z.enum(['process', 'documents', 'users']), code: z.string(), detail: z.string() })),
});

/** `GET /api/files/{code}`: the expediente detail, composed from files, bpm, docs and auth. */
export function registerFileDetailRoute(app: HttpApp, upstreams: Partial<Record<UpstreamName, string>>, timeoutMs: number): void {
  app.get(
    '/api/files/:code',
    {
      schema: {
        tags: ['files'],
        summary: 'Detalle de un expediente: datos, fase e historial, documentos y nombres de las personas',
        description:
          'Composed by the gateway in parallel from files, bpm, docs and auth, each with a timeout. Only the files record is essential: ' +
          'a part that fails or is late comes back as null with an entry in `warnings`.',
        params: z.object({ code: fileCodeSchema }),
        response: {
          200: fileDetailSchema,
          502: problemResponse('The files service did not answer, or answered with an error of its own.'),
          504: problemResponse('The files service did not answer in time.'),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const sources = new HttpFileDetailSources(upstreams, request.id);
      const outcome = await composeFileDetail(sources, request.params.code, principal.token, { timeoutMs });
      if (!outcome.ok) {
        return sendProblem(reply, problem(outcome.status, outcome.code, outcome.detail, { instance: request.url.split('?')[0] }));
      }
      return outcome.detail;
    },
  );
}
