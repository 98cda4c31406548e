import { sql } from 'kysely';
import type { BpmReconciliationRow } from '@tramita/contracts';
import type { BpmDb } from './schema.ts';

/** Live processes after `after` in byte order of their expediente's code (consistency check). */
export async function readBpmReconciliation(db: BpmDb, after: string | null, limit: number): Promise<BpmReconciliationRow[]> {
  const result = await sql<{ file_code: string; process_id: string; version: number; phase_code: string }>`
    select file_code, process_id, version, phase_code from processes
    where ${after}::text is null or file_code collate "C" > ${after}
    order by file_code collate "C" limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ code: row.file_code, processId: row.process_id, version: Number(row.version), phase: row.phase_code }));
}
