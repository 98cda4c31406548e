import { z } from 'zod';

/**
 * Pages of what each side knows about every expediente, for the operator's consistency check
 * (`GET /api/admin/consistency` on the gateway, `tramita check`). Each service serves its own at
 * `GET /api/admin/<service>/reconciliation?after=<key>&limit=<n>`, sorted by key in byte order,
 * so the gateway can merge the three streams page by page without holding them. A row's `code`
 * is its key: `<organism>/<code>` (codes are unique per organism, ADR 0013; DIR3 codes all have
 * nine characters, so byte order of the key is organism order, then code order).
 */

/** The key of an expediente in the reconciliation pages: `<organism>/<code>` (an empty organism when unknown). */
export const reconciliationKey = (organism: string | null, code: string): string => `${organism ?? ''}/${code}`;

/** The organism and code of a key (a key without organism, as written before organisms, is a bare code). */
export function splitReconciliationKey(key: string): { organism: string; code: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { organism: '', code: key } : { organism: key.slice(0, slash), code: key.slice(slash + 1) };
}
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable().describe('Pass as `after` for the next page; null on the last') });

/** files: the expediente aggregate, reservations included (status `creating`: a saga is running). */
export const filesReconciliationRowSchema = z.object({
  code: z.string(),
  status: z.enum(['creating', 'active', 'finished']),
  version: z.number().int(),
  processId: z.string(),
  /** The last bpm process version files has applied (files follows bpm's snapshots). */
  processVersion: z.number().int(),
  phase: z.string().nullable(),
});

/** bpm: live process instances (deleted ones are not listed). */
export const bpmReconciliationRowSchema = z.object({
  code: z.string(),
  processId: z.string(),
  version: z.number().int(),
  phase: z.string(),
});

/** index: the read model, one row per code with its file view and its live process view. */
export const indexReconciliationRowSchema = z.object({
  code: z.string(),
  fileVersion: z.number().int().nullable(),
  processId: z.string().nullable(),
  processVersion: z.number().int().nullable(),
  phase: z.string().nullable(),
});

export const filesReconciliationPageSchema = page(filesReconciliationRowSchema);
export const bpmReconciliationPageSchema = page(bpmReconciliationRowSchema);
export const indexReconciliationPageSchema = page(indexReconciliationRowSchema);

export type FilesReconciliationRow = z.infer<typeof filesReconciliationRowSchema>;
export type BpmReconciliationRow = z.infer<typeof bpmReconciliationRowSchema>;
export type IndexReconciliationRow = z.infer<typeof indexReconciliationRowSchema>;
export interface ReconciliationPage<T> {
  items: T[];
  next: string | null;
}
