import { z } from 'zod';
import { bpmReconciliationPageSchema, filesReconciliationPageSchema, indexReconciliationPageSchema, type ReconciliationPage } from '@tramita/contracts';
import { messagingStatusSchema, OPERATOR_ROLES, principalOf, requireRole, type HttpApp, type MessagingStatusReport } from '@tramita/platform';
import { checkConsistency, type ConsistencySources } from '../../application/check-consistency.ts';
import { DIFFERENCE_KINDS } from '../../application/reconcile-read-model.ts';
import type { Fetched } from '../../application/file-detail-sources.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { fetchUpstreamJson, type ResponseContract } from './upstream-json.ts';

const PAGE_SIZE = 5_000;

const difference = z.object({ code: z.string(), kind: z.enum(DIFFERENCE_KINDS), detail: z.string() });
const serviceState = z.union([z.object({ ok: z.literal(true), messaging: messagingStatusSchema }), z.object({ ok: z.literal(false), error: z.string() })]);

export const consistencyReportSchema = z.object({
  status: z.enum(['consistent', 'settling', 'inconsistent', 'unknown']),
  checkedAt: z.string(),
  reasons: z.array(z.string()),
  inFlight: z.object({ outboxPending: z.number().int(), consumerLag: z.number().int(), openSagas: z.number().int() }),
  failedSagas: z.number().int(),
  deadLetters: z.object({
    total: z.number().int(),
    recent: z.array(messagingStatusSchema.shape.deadLetters.shape.recent.element.extend({ service: z.string() })),
  }),
  services: z.object({ auth: serviceState, files: serviceState, bpm: serviceState, docs: serviceState, index: serviceState }),
  readModel: z.union([
    z.object({
      ok: z.literal(true),
      counts: z.object({
        files: z.object({ creating: z.number().int(), active: z.number().int(), finished: z.number().int() }),
        processes: z.number().int(),
        readModel: z.number().int(),
      }),
      differences: z.object({ total: z.number().int(), byKind: z.partialRecord(z.enum(DIFFERENCE_KINDS), z.number().int()), sample: z.array(difference) }),
    }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]),
});

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
export function registerConsistencyRoute(app: HttpApp, upstreams: Partial<Record<UpstreamName, string>>, timeoutMs: number): void {
  app.get(
    '/api/admin/consistency',
    {
      preValidation: requireRole(...OPERATOR_ROLES),
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
