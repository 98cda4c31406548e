import { notFound } from '@tramita/kernel';
import type { FileRepository } from '../domain/file-repository.ts';
import { toRecord, type FileRecord } from './file-record.ts';

export const fileNotFound = (code: string) => notFound('file-not-found', `There is no expediente ${code}.`, { fileCode: code });

/** The expediente as users see it; a reservation of a running saga is not visible yet. */
export async function getFileRecord(files: FileRepository, code: string): Promise<FileRecord> {
  const expediente = await files.findByCode(code);
  if (!expediente?.isVisible) throw fileNotFound(code);
  return toRecord(expediente);
}
