import { auditEntryListSchema, fileAuditTrailSchema, fileCodeParamsSchema } from '@tramita/contracts';
import { principalOf, problem, sendProblem, type HttpApp } from '@tramita/platform';
import { composeFileAudit, type FileAuditSources } from '../../application/compose-file-audit.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { clientAddress } from './client-address.ts';
import { fetchUpstreamJson } from './upstream-json.ts';

/** `GET /api/files/{code}/audit`: the expediente's audit trail from files, bpm and docs (ADR 0014). */
export function registerFileAuditRoute(app: HttpApp, upstreams: Partial<Record<UpstreamName, string>>, timeoutMs: number, trustedProxyHops: number): void {
  app.get(
    '/api/files/:code/audit',
    {
      schema: {
        tags: ['admin'],
        summary: "An expediente's audit trail from every service, merged by time (admin of its organism, or platform administrator)",
        params: fileCodeParamsSchema,
        response: { 200: fileAuditTrailSchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const client = clientAddress(request, trustedProxyHops);
      const sources: FileAuditSources = {
        entries: (service, fileCode, token, signal) =>
          fetchUpstreamJson(
            service,
            upstreams[service],
            `/api/admin/${service}/audit?fileCode=${encodeURIComponent(fileCode)}&limit=1000`,
            auditEntryListSchema,
            {
              token,
              requestId: request.id,
              signal,
              clientAddress: client,
            },
          ),
      };
      const outcome = await composeFileAudit(sources, request.params.code, principal.token, timeoutMs);
      if (!outcome.ok) return sendProblem(reply, problem(outcome.status, outcome.code, outcome.detail, { instance: request.url.split('?')[0] }));
      return outcome.trail;
    },
  );
}
