import { validationError } from '@tramita/kernel';

/** How an expediente came in (Sede electrónica, a department's request…): data, not code. */
export interface InitialOption {
  code: string;
  name: string;
  /** bpm procedure opened for expedientes with this option; null means bpm's default procedure. */
  procedureCode: string | null;
  active: boolean;
  /** The organism (DIR3) whose catalogue holds it; null: shared by every organism (ADR 0013). */
  organism: string | null;
}

export const OPTION_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function newInitialOption(input: { code: string; name: string; procedureCode?: string | null; organism?: string | null }): InitialOption {
  if (!OPTION_CODE_PATTERN.test(input.code)) {
    throw validationError('invalid-option-code', 'The option code must use letters, digits, ".", "_" or "-" (at most 64).', { field: 'code' });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw validationError('invalid-option-name', 'The option name must have between 1 and 200 characters.', { field: 'name' });
  }
  return { code: input.code, name, procedureCode: input.procedureCode ?? null, active: true, organism: input.organism ?? null };
}

/** Which organisms' catalogue entries a reader sees besides the shared ones: all of them (a service), or these. */
export type CatalogueReach = 'all' | readonly string[];

/** The catalogue of initial options: shared entries and each organism's own. */
export interface InitialOptionRepository {
  /** Active options shared or of the organisms in reach, ordered by name. */
  listActive(reach: CatalogueReach): Promise<InitialOption[]>;
  /** The active option with this code that is shared or of `organism` (codes never shadow a shared one, so at most one). */
  findActive(code: string, organism: string): Promise<InitialOption | null>;
  /**
   * Adds an option; false when its code is taken: by the same organism's or a shared option, or,
   * for a shared one, by any organism's. Concurrent additions are serialised.
   */
  add(option: InitialOption): Promise<boolean>;
}
