import { z } from 'zod';
import { actorSchema, codeNameSchema } from './common.ts';

/** One row of the expediente list the index service serves (its read model, DESIGN.md §5). */
export const fileListItemSchema = z.object({
  code: z.string(),
  /** The organism (DIR3) it belongs to (ADR 0013). */
  organism: z.string(),
  initialOption: codeNameSchema,
  description: z.string(),
  createdAt: z.string().describe('ISO-8601 instant'),
  createdBy: actorSchema,
  updatedAt: z.string().describe("ISO-8601 instant: the later of the expediente's and its process's last change"),
  phase: codeNameSchema.nullable().describe('Current phase; null until the process is known'),
  finished: z.boolean(),
  processId: z.string(),
  /**
   * The maximum plazo to resolve and notify (bpm's PlazoChanged, ADR 0016); null until bpm has
   * computed it. The list sorts by `dueAt` with `sort=plazo`; the traffic light follows from
   * `state`, `dueAt` and `nearFrom` at the time of reading.
   */
  plazo: z
    .object({
      state: z.enum(['RUNNING', 'SUSPENDED', 'EXPIRED', 'CLOSED']),
      dueAt: z.string().nullable().describe('ISO-8601 instant; null while suspended'),
      nearFrom: z.string().nullable().describe('ISO-8601 instant from which it is near its end'),
      dueStatus: z.enum(['FINAL', 'PROVISIONAL']).nullable(),
    })
    .nullable()
    .optional(),
});
export type FileListItem = z.infer<typeof fileListItemSchema>;

/** `GET /api/files` (index): one page of the list, with its total (exact, or a lower bound: `totalRelation`). */
export const fileListPageSchema = z.object({
  items: z.array(fileListItemSchema),
  total: z.number().int(),
  /**
   * `eq`: `total` is exact. `gte`: at least `total` match, counting stopped there (a filtered list
   * counts its matches up to 1 000, or up to the end of the page asked for, as search engines
   * track totals: ADR 0018). Absent from earlier releases, meaning `eq`.
   */
  totalRelation: z.enum(['eq', 'gte']).optional().describe('eq: total is exact; gte: at least total match (counting stopped there)'),
  page: z.number().int(),
  size: z.number().int(),
});
export type FileListPage = z.infer<typeof fileListPageSchema>;

/** `GET /api/index/stats` (index, admin). */
export const indexStatsSchema = z.object({ files: z.number().int(), processes: z.number().int(), tombstones: z.number().int() });
export type IndexStatsResource = z.infer<typeof indexStatsSchema>;
