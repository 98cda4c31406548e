import type { FileRepository } from '../domain/file-repository.ts';
import type { AuditedBy, AuditTrail } from '@tramita/platform';
import type { Caller } from './access.ts';
import { toRecord, type FileRecord } from './file-record.ts';
import { visibleFile } from './visible-file.ts';

/**
 * The expediente as users see it; a reservation of a running saga is not visible yet, and an
 * expediente of an organism the caller does not belong to is answered as a missing one.
 */
export async function getFileRecord(
  deps: { files: FileRepository; audit: Pick<AuditTrail<unknown>, 'recordAlone'> },
  code: string,
  caller: Caller,
  audited: AuditedBy,
  organism?: string,
): Promise<FileRecord> {
  const expediente = await visibleFile(deps.files, code, caller, organism);
  // The expediente's data is personal data: its read is recorded before the answer leaves (ADR 0014).
  await deps.audit.recordAlone({ action: 'file.read', organism: expediente.organism, fileCode: code }, audited);
  return toRecord(expediente);
}
