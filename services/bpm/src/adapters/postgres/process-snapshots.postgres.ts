import type { BpmSnapshotRow } from '@tramita/contracts';
import { plazoChangedOf } from '../../application/plazo-view.ts';
import { snapshotOf } from '../../application/process-view.ts';
import { PostgresPlazoRepository } from './plazo-repository.postgres.ts';
import { PostgresProcessRepository } from './process-repository.postgres.ts';
import { readBpmReconciliation } from './reconciliation.postgres.ts';
import type { BpmDb } from './schema.ts';

/**
 * The snapshot of every live process after the key `after` (`<organism>/<code>` of its
 * expediente, byte order, as the reconciliation pages), with its maximum plazo: what
 * ProcessStarted/ProcessAdvanced and PlazoChanged carry, for rebuilding the read model (ADR 0019).
 * A process deleted between the key page and its read is skipped, and the page filled from further on.
 */
export async function readBpmSnapshots(db: BpmDb, after: string | null, limit: number): Promise<BpmSnapshotRow[]> {
  const processes = new PostgresProcessRepository(db);
  const plazos = new PostgresPlazoRepository(db);
  const rows: BpmSnapshotRow[] = [];
  let cursor = after;
  while (rows.length < limit) {
    const wanted = limit - rows.length;
    const keys = await readBpmReconciliation(db, cursor, wanted);
    for (const key of keys) {
      const process = await processes.findById(key.processId);
      if (!process) continue;
      const maximum = (await plazos.ofProcess(key.processId)).map(plazoChangedOf).find((plazo) => plazo !== null) ?? null;
      rows.push({ code: key.code, process: snapshotOf(process), plazo: maximum });
    }
    if (keys.length < wanted) break;
    cursor = keys.at(-1)!.code;
  }
  return rows;
}
