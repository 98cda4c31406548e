import { sql } from 'kysely';
import { reconciliationKey, splitReconciliationKey, type FileSnapshotRow } from '@tramita/contracts';
import type { SqlExecutor } from '@tramita/messaging';
import { expedienteFromRow, type ExpedienteRow } from './file-repository.postgres.ts';

/**
 * The snapshot of every expediente that exists (not a running saga's reservation) after the key
 * `after`, in byte order of `<organism>/<code>` as the reconciliation pages: what FileCreated and
 * FileUpdated carry, for rebuilding the read model (ADR 0019).
 */
export async function readFileSnapshots(db: SqlExecutor, after: string | null, limit: number): Promise<FileSnapshotRow[]> {
  const from = after === null ? null : splitReconciliationKey(after);
  const result = await sql<ExpedienteRow>`
    select * from expedientes
    where status <> 'creating' and (${from === null}::boolean
      or (coalesce(organism, '') collate "C", code collate "C") > (${from?.organism ?? ''}::text collate "C", ${from?.code ?? ''}::text collate "C"))
    order by coalesce(organism, '') collate "C", code collate "C" limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ code: reconciliationKey(row.organism, row.code), snapshot: expedienteFromRow(row).snapshot() }));
}
