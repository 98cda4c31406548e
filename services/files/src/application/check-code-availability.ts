import { assertFileCode } from '../domain/expediente.ts';
import type { FileRepository } from '../domain/file-repository.ts';
import { organismForNewFile, type Caller } from './access.ts';

/**
 * Whether a code is free in the organism the caller would create the expediente in (codes are
 * unique per organism, ADR 0013), so the UI can report a duplicate before submitting.
 * Reservations count as taken, and so does the same code in other letter case. Another
 * organism's codes are never consulted: their existence is not the caller's to learn.
 */
export async function checkCodeAvailability(
  files: FileRepository,
  code: string,
  caller: Caller,
  organism?: string,
): Promise<{ code: string; available: boolean }> {
  assertFileCode(code);
  return { code, available: !(await files.isCodeTaken(code, organismForNewFile(caller, organism))) };
}
