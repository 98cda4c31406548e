import { sql } from 'kysely';
import { reconciliationKey, splitReconciliationKey, type BpmReconciliationRow } from '@tramita/contracts';
import type { BpmDb } from './schema.ts';

/** Live processes after the key `after` in byte order of `<organism>/<code>` of their expediente (consistency check). */
export async function readBpmReconciliation(db: BpmDb, after: string | null, limit: number): Promise<BpmReconciliationRow[]> {
  const from = after === null ? null : splitReconciliationKey(after);
  const result = await sql<{ organism: string | null; file_code: string; process_id: string; version: number; phase_code: string }>`
    select organism, file_code, process_id, version, phase_code from processes
    where ${from === null}::boolean or (coalesce(organism, '') collate "C", file_code collate "C") > (${from?.organism ?? ''}::text collate "C", ${from?.code ?? ''}::text collate "C")
    order by coalesce(organism, '') collate "C", file_code collate "C" limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    code: reconciliationKey(row.organism, row.file_code),
    processId: row.process_id,
    version: Number(row.version),
    phase: row.phase_code,
  }));
}
