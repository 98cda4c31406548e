import { notFound } from '@tramita/kernel';
import type { FileRepository } from '../domain/file-repository.ts';
import { canSeeOrganism } from '@tramita/platform';
import type { Caller } from './access.ts';
import { toRecord, type FileRecord } from './file-record.ts';

export const fileNotFound = (code: string) => notFound('file-not-found', `There is no expediente ${code}.`, { fileCode: code });

/**
 * The expediente as users see it; a reservation of a running saga is not visible yet, and an
 * expediente of an organism the caller does not belong to is answered as a missing one.
 */
export async function getFileRecord(files: FileRepository, code: string, caller: Caller): Promise<FileRecord> {
  const expediente = await files.findByCode(code);
  if (!expediente?.isVisible || !canSeeOrganism(caller, expediente.organism)) throw fileNotFound(code);
  return toRecord(expediente);
}
