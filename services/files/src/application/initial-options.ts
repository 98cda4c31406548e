import { conflict } from '@tramita/kernel';
import { newInitialOption, type InitialOption, type InitialOptionRepository } from '../domain/initial-option.ts';

/** Active initial options, as the creation form offers them. */
export async function listInitialOptions(options: InitialOptionRepository): Promise<{ code: string; name: string }[]> {
  return (await options.listActive()).map((o) => ({ code: o.code, name: o.name }));
}

/** Adds an option to the catalogue (administrators). */
export async function addInitialOption(
  options: InitialOptionRepository,
  input: { code: string; name: string; procedureCode?: string | null },
): Promise<InitialOption> {
  const option = newInitialOption(input);
  if (!(await options.add(option))) throw conflict('initial-option-exists', `The initial option ${option.code} already exists.`);
  return option;
}
