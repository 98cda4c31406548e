import { z } from 'zod';
import {
  bpmReconciliationPageSchema,
  consistencyReportSchema,
  filesReconciliationPageSchema,
  indexReconciliationPageSchema,
  messagingStatusSchema,
  type MessagingStatusReport,
  type ReconciliationPage,
} from '@tramita/contracts';
import { principalOf, requirePlatformOperator, type HttpApp } from '@tramita/platform';
import { checkConsistency, type ConsistencySources } from '../../application/check-consistency.ts';
import type { Fetched } from '../../application/file-detail-sources.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { fetchUpstreamJson, type ResponseContract } from './upstream-json.ts';

const PAGE_SIZE = 5_000;

/** The check's reads over HTTP with the caller's token: messaging state and reconciliation pages. */
function httpConsistencySources(upstreams: Partial<Record<UpstreamName, string>>, token: string, requestId: string, timeoutMs: number): ConsistencySources {
  const get = <T>(service: UpstreamName, path: string, contract: ResponseContract<T>) =>
    fetchUpstreamJson(service, upstreams[service], path, contract, { token, requestId, signal: AbortSignal.timeout(timeoutMs) });
  const pages =
    <T>(service: 'files' | 'bpm' | 'index', schema: z.ZodType<ReconciliationPage<T>>) =>
    async (after: string | null): Promise<ReconciliationPage<T>> => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(after === null ? {} : { after }) });
      const fetched = await get(service, `/api/admin/${service}/reconciliation?${query.toString()}`, schema);
      if (!fetched.ok) throw new Error(`The ${service} service did not give its reconciliation page (${fetched.code}: ${fetched.detail}).`);
      return fetched.value;
    };
  return {
    async messaging(service): Promise<Fetched<MessagingStatusReport>> {
      return get(service, `/api/admin/${service}/messaging?deadLetters=50`, messagingStatusSchema);
    },
    files: pages('files', filesReconciliationPageSchema),
    bpm: pages('bpm', bpmReconciliationPageSchema),
    index: pages('index', indexReconciliationPageSchema),
  };
}

/**
 * `GET /api/admin/consistency`: the operator's consistency check (ADR 0009). Always 200 with a
 * report; its `status` says whether the system is consistent, settling, inconsistent or unknown.
 */
export function registerConsistencyRoute(app: HttpApp, upstreams: Partial<Record<UpstreamName, string>>, timeoutMs: number, defaultOrganism: string): void {
  app.get(
    '/api/admin/consistency',
    {
      preValidation: requirePlatformOperator(defaultOrganism),
      schema: {
        tags: ['admin'],
        summary: 'Consistency check: messages in flight, open and failed sagas, dead letters, and the read model against files and bpm (admin)',
        querystring: z.object({ sample: z.coerce.number().int().min(0).max(1_000).default(100).describe('How many differences to list (all are counted)') }),
        response: { 200: consistencyReportSchema },
      },
    },
    async (request) => {
      const sources = httpConsistencySources(upstreams, principalOf(request).token, request.id, timeoutMs);
      return checkConsistency(sources, { sampleSize: request.query.sample });
    },
  );
}
