import { z } from 'zod';
import type { HttpApp } from './http-app.ts';
import { requirePlatformOperator } from './messaging-admin.ts';

const MAX_PAGE = 5_000;

/**
 * `GET /api/admin/<service>/reconciliation?after=&limit=`: one page of what this service knows
 * about each expediente, sorted by code in byte order (see @tramita/contracts reconciliation).
 * `read` returns at most `limit + 1` rows after `after`; the extra row only says there is more.
 */
/** How a service reads its reconciliation pages: each row's contract, and the rows after a code. */
export interface ReconciliationSource<Row extends { code: string }> {
  row: z.ZodType<Row>;
  read: (after: string | null, limitPlusOne: number) => Promise<Row[]>;
}

export function registerReconciliationRoute<Row extends { code: string }>(
  app: HttpApp,
  options: ReconciliationSource<Row> & { service: string; defaultOrganism: string },
): void {
  registerKeyedPageRoute(app, {
    ...options,
    resource: 'reconciliation',
    summary: "One page of this service's state per expediente code, for the consistency check (admin)",
  });
}

/**
 * `GET /api/admin/<service>/<resource>?after=&limit=`: one page of rows keyed by expediente
 * (`<organism>/<code>`, byte order) for a platform operator or service: the reconciliation pages,
 * and the snapshot pages the read model is rebuilt from (ADR 0019).
 */
export function registerKeyedPageRoute<Row extends { code: string }>(
  app: HttpApp,
  options: ReconciliationSource<Row> & { service: string; defaultOrganism: string; resource: string; summary: string; maxPage?: number },
): void {
  app.get(
    `/api/admin/${options.service}/${options.resource}`,
    {
      preValidation: requirePlatformOperator(options.defaultOrganism),
      schema: {
        tags: ['admin'],
        summary: options.summary,
        querystring: z.object({
          after: z.string().max(200).optional().describe('Last code of the previous page (exclusive); omit for the first page'),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(options.maxPage ?? MAX_PAGE)
            .default(Math.min(1_000, options.maxPage ?? MAX_PAGE)),
        }),
        response: {
          200: z.object({ items: z.array(options.row), next: z.string().nullable().describe('Pass as `after` for the next page; null on the last') }),
        },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const rows = await options.read(after ?? null, limit + 1);
      const items = rows.slice(0, limit);
      return { items, next: rows.length > limit ? (items.at(-1)?.code ?? null) : null };
    },
  );
}
