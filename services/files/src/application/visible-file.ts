import { ownerOrganismOf } from '@tramita/platform';
import type { Expediente } from '../domain/expediente.ts';
import type { FileKey } from '../domain/file-key.ts';
import type { FileRepository } from '../domain/file-repository.ts';
import type { Caller } from './access.ts';
import { fileNotFound } from './file-not-found.ts';

/**
 * The expediente the caller means by `code`: codes are unique per organism (ADR 0013), so it is
 * the one of the caller's organisms that holds it, or the one `organism` names. A missing one,
 * one still being created and one only other organisms hold all get the same 404; the last is
 * marked as a refused access for the audit trail (ADR 0014). A code two of the caller's
 * organisms hold asks which (409 file-code-ambiguous, `?organism=`).
 */
export async function visibleFile(files: FileRepository, code: string, caller: Caller, organism?: string): Promise<Expediente> {
  return shownOrMissing(await files.findByCode(code, await ownerOf(files, code, caller, organism)), code);
}

/** The organism whose expediente `code` the caller means (see visibleFile), without reading (or locking) the expediente. */
export async function ownerOf(files: FileRepository, code: string, caller: Caller, organism?: string): Promise<string> {
  return ownerOrganismOf(await files.organismsHolding(code), caller, code, organism, () => fileNotFound(code));
}

/** The expediente if it is there and created (not a reservation); else the 404 of a missing one. */
export function shownOrMissing(expediente: Expediente | null, code: string): Expediente {
  if (!expediente?.isVisible) throw fileNotFound(code);
  return expediente;
}

export const keyOf = (expediente: Expediente): FileKey => ({ organism: expediente.organism, code: expediente.code });
