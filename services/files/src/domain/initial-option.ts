import { validationError } from '@tramita/kernel';

/** How an expediente came in (Sede electrónica, a department's request…): data, not code. */
export interface InitialOption {
  code: string;
  name: string;
  /** bpm procedure opened for expedientes with this option; null means bpm's default procedure. */
  procedureCode: string | null;
  active: boolean;
}

export const OPTION_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function newInitialOption(input: { code: string; name: string; procedureCode?: string | null }): InitialOption {
  if (!OPTION_CODE_PATTERN.test(input.code)) {
    throw validationError('invalid-option-code', 'The option code must use letters, digits, ".", "_" or "-" (at most 64).', { field: 'code' });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw validationError('invalid-option-name', 'The option name must have between 1 and 200 characters.', { field: 'name' });
  }
  return { code: input.code, name, procedureCode: input.procedureCode ?? null, active: true };
}

/** The catalogue of initial options. */
export interface InitialOptionRepository {
  /** Active options, ordered by name. */
  listActive(): Promise<InitialOption[]>;
  /** The option with this code if it exists and is active. */
  findActive(code: string): Promise<InitialOption | null>;
  /** Adds an option; false when the code exists. */
  add(option: InitialOption): Promise<boolean>;
}
