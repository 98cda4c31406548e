import { assertFileCode } from '../domain/expediente.ts';
import type { FileRepository } from '../domain/file-repository.ts';

/**
 * Whether a code is free, so the UI can report a duplicate before submitting. Reservations count
 * as taken, and so does the same code in other letter case.
 */
export async function checkCodeAvailability(files: FileRepository, code: string): Promise<{ code: string; available: boolean }> {
  assertFileCode(code);
  return { code, available: !(await files.isCodeTaken(code)) };
}
