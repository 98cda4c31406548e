import { sql, type Kysely } from 'kysely';
import type { IndexReconciliationRow } from '@tramita/contracts';

/**
 * The read model per expediente code after `after` (byte order): its file view and its live
 * process view, joined on the process id as the list joins them; either side may be missing.
 */
export async function readIndexReconciliation(db: Kysely<unknown>, after: string | null, limit: number): Promise<IndexReconciliationRow[]> {
  const result = await sql<{ code: string; file_version: number | null; process_id: string | null; process_version: number | null; phase_code: string | null }>`
    select * from (
      select coalesce(f.code, p.file_code) as code, f.version as file_version, coalesce(p.process_id, f.process_id) as process_id,
        p.version as process_version, p.phase_code
      from file_view f full outer join (select * from process_view where not deleted) p on p.process_id = f.process_id
    ) joined
    where ${after}::text is null or code collate "C" > ${after}
    order by code collate "C" limit ${limit}`.execute(db);
  const number = (value: number | null) => (value === null ? null : Number(value));
  return result.rows.map((row) => ({
    code: row.code,
    fileVersion: number(row.file_version),
    processId: row.process_id,
    processVersion: number(row.process_version),
    phase: row.phase_code,
  }));
}
