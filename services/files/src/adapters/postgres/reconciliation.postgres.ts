import { sql } from 'kysely';
import type { FilesReconciliationRow } from '@tramita/contracts';
import type { SqlExecutor } from '@tramita/messaging';

/** Expedientes after `after` in byte order of their code, reservations included (consistency check). */
export async function readFilesReconciliation(db: SqlExecutor, after: string | null, limit: number): Promise<FilesReconciliationRow[]> {
  const result = await sql<{
    code: string;
    status: FilesReconciliationRow['status'];
    version: number;
    process_id: string;
    process_version: number;
    phase_code: string | null;
  }>`
    select code, status, version, process_id, process_version, phase_code from expedientes
    where ${after}::text is null or code collate "C" > ${after}
    order by code collate "C" limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    code: row.code,
    status: row.status,
    version: Number(row.version),
    processId: row.process_id,
    processVersion: Number(row.process_version),
    phase: row.phase_code,
  }));
}
