import { sql } from 'kysely';
import { reconciliationKey, splitReconciliationKey, type FilesReconciliationRow } from '@tramita/contracts';
import type { SqlExecutor } from '@tramita/messaging';

/** Expedientes after the key `after` in byte order of `<organism>/<code>`, reservations included (consistency check). */
export async function readFilesReconciliation(db: SqlExecutor, after: string | null, limit: number): Promise<FilesReconciliationRow[]> {
  const from = after === null ? null : splitReconciliationKey(after);
  const result = await sql<{
    organism: string | null;
    code: string;
    status: FilesReconciliationRow['status'];
    version: number;
    process_id: string;
    process_version: number;
    phase_code: string | null;
  }>`
    select organism, code, status, version, process_id, process_version, phase_code from expedientes
    where ${from === null}::boolean or (coalesce(organism, '') collate "C", code collate "C") > (${from?.organism ?? ''}::text collate "C", ${from?.code ?? ''}::text collate "C")
    order by coalesce(organism, '') collate "C", code collate "C" limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    code: reconciliationKey(row.organism, row.code),
    status: row.status,
    version: Number(row.version),
    processId: row.process_id,
    processVersion: Number(row.process_version),
    phase: row.phase_code,
  }));
}
