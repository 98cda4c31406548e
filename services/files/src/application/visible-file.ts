import { refusedAccess } from '@tramita/kernel';
import { canSeeOrganism } from '@tramita/platform';
import type { Expediente } from '../domain/expediente.ts';
import type { FileKey } from '../domain/file-key.ts';
import type { FileRepository } from '../domain/file-repository.ts';
import type { Caller } from './access.ts';
import { fileNotFound } from './get-file-record.ts';

/**
 * The expediente `code` names, if the caller may see it. A missing one, one still being created
 * and one of an organism the caller does not belong to all get the same 404 (ADR 0013); the last
 * is marked as a refused access for the audit trail (ADR 0014).
 */
export async function visibleFile(files: FileRepository, code: string, caller: Caller, organism?: string): Promise<Expediente> {
  const expediente = await files.findByCode(code);
  if (!expediente?.isVisible || (organism !== undefined && expediente.organism !== organism)) throw fileNotFound(code);
  if (!canSeeOrganism(caller, expediente.organism)) throw refusedAccess(fileNotFound(code), { organism: expediente.organism, fileCode: expediente.code });
  return expediente;
}

export const keyOf = (expediente: Expediente): FileKey => ({ organism: expediente.organism, code: expediente.code });
