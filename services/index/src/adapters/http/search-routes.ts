import { z } from 'zod';
import { fileListPageSchema, indexStatsSchema } from '@tramita/contracts';
import { organismsOf, principalOf, requirePlatformOperator, type HttpApp } from '@tramita/platform';
import { getIndexStats } from '../../application/get-index-stats.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORT_FIELDS } from '../../application/file-search-query.ts';
import type { FileSearchRepository } from '../../application/file-search-repository.ts';
import { searchFiles } from '../../application/search-files.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const INDEX_API = {
  title: 'Tramita index',
  description: 'Read model of expedientes: list, full-text search, filters, sort and pagination.',
  tags: [
    { name: 'search', description: 'Expediente list and search' },
    { name: 'index', description: 'Read model operations' },
  ],
};

const codeList = z.union([z.string(), z.array(z.string())]).optional();

export const fileListQuerystring = z.object({
  // The patterns state in the document what the query parser accepts (file-search-query.ts).
  page: z.string().optional().meta({ pattern: '^([1-9][0-9]{0,4}|100000)$' }).describe('1-based page number, 1 to 100000 (default 1)'),
  size: z.string().optional().meta({ pattern: '^([1-9]|[1-9][0-9]|100)$' }).describe(`Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`),
  sort: z
    .string()
    .optional()
    .meta({ pattern: `^(-?(${SORT_FIELDS.join('|')})|(${SORT_FIELDS.join('|')}),(asc|desc))$` })
    .describe(
      `"field", "-field" (descending) or "field,asc|desc"; fields: ${SORT_FIELDS.join(', ')}; default -createdAt. ` +
        '"plazo" sorts by the due date of the maximum plazo to resolve, soonest first; rows without one, suspended or closed go last',
    ),
  q: z.string().optional().describe('Free text on code and description (accent-insensitive, last word as prefix, partial code)'),
  phase: codeList.describe('Phase code(s), comma-separated or repeated'),
  initialOption: codeList.describe('Initial option code(s), comma-separated or repeated'),
  from: z.string().optional().describe('Created on or after: YYYY-MM-DD (Europe/Madrid by default) or ISO date-time'),
  to: z.string().optional().describe('Created on or before: YYYY-MM-DD covers the whole day, or ISO date-time (inclusive)'),
});

export interface SearchRoutesOptions {
  repository: FileSearchRepository;
  timeZone: string;
  /** The platform's own organism: the counts span every organism, so only its operators read them (ADR 0013). */
  defaultOrganism: string;
}

export function registerSearchRoutes(app: HttpApp, options: SearchRoutesOptions): void {
  app.get(
    '/api/files',
    {
      schema: {
        tags: ['search'],
        summary:
          "List and search the expedientes of the caller's organisms (filters, sort, pagination with the total: exact, or a lower bound past 1 000 filtered matches)",
        querystring: fileListQuerystring,
        response: { 200: fileListPageSchema },
      },
    },
    async (request) => {
      const caller = principalOf(request);
      // A platform service (client credentials) reads every organism; a person only theirs.
      return searchFiles(options.repository, request.query, options.timeZone, caller.isService ? 'all' : organismsOf(caller.memberships));
    },
  );

  app.get(
    '/api/index/stats',
    {
      preValidation: requirePlatformOperator(options.defaultOrganism),
      schema: {
        tags: ['index'],
        summary: 'Counts of file views, live process views and process tombstones (admin)',
        response: { 200: indexStatsSchema },
      },
    },
    async () => getIndexStats(options.repository),
  );
}
