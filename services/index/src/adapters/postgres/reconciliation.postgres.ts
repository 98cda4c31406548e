import { sql, type Kysely } from 'kysely';
import { reconciliationKey, splitReconciliationKey, type IndexReconciliationRow } from '@tramita/contracts';

/**
 * The read model per expediente code after `after` (byte order): its file view and its live
 * process view, joined on the process id as the list joins them; either side may be missing.
 */
export async function readIndexReconciliation(db: Kysely<unknown>, after: string | null, limit: number): Promise<IndexReconciliationRow[]> {
  const from = after === null ? null : splitReconciliationKey(after);
  // A process view without its file view (the file event not applied, or lost) is keyed by the
  // organism bpm's snapshot stated (empty for snapshots written before organisms).
  const result = await sql<{
    organism: string;
    code: string;
    file_version: number | null;
    process_id: string | null;
    process_version: number | null;
    phase_code: string | null;
  }>`
    select * from (
      select coalesce(f.organism, p.organism, '') as organism, coalesce(f.code, p.file_code) as code, f.version as file_version,
        coalesce(p.process_id, f.process_id) as process_id, p.version as process_version, p.phase_code
      from file_view f full outer join (select * from process_view where not deleted) p on p.process_id = f.process_id
    ) joined
    where ${from === null}::boolean or (organism collate "C", code collate "C") > (${from?.organism ?? ''}::text collate "C", ${from?.code ?? ''}::text collate "C")
    order by organism collate "C", code collate "C" limit ${limit}`.execute(db);
  const number = (value: number | null) => (value === null ? null : Number(value));
  return result.rows.map((row) => ({
    code: reconciliationKey(row.organism, row.code),
    fileVersion: number(row.file_version),
    processId: row.process_id,
    processVersion: number(row.process_version),
    phase: row.phase_code,
  }));
}
