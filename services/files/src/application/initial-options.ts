import { conflict } from '@tramita/kernel';
import type { MessageCause } from '@tramita/messaging';
import type { AuditedBy } from '@tramita/platform';
import { newInitialOption, type InitialOption, type InitialOptionRepository } from '../domain/initial-option.ts';
import type { Caller } from './access.ts';
import { catalogueReachOf, requireCatalogueAdmin } from '@tramita/platform';
import type { FilesPorts } from './ports.ts';
import { requireUsableProcedure, type ProcedureCatalogue } from './procedure-catalogue.ts';

/** An option as the creation form lists it: its organism null when every organism shares it. */
export interface InitialOptionItem {
  code: string;
  name: string;
  organism: string | null;
}

/** The active initial options the caller may start an expediente with: the shared ones and their organisms' own (ADR 0013). */
export async function listInitialOptions(options: InitialOptionRepository, caller: Caller): Promise<InitialOptionItem[]> {
  return (await options.listActive(catalogueReachOf(caller))).map((o) => ({ code: o.code, name: o.name, organism: o.organism }));
}

export interface AddInitialOptionInput {
  code: string;
  name: string;
  procedureCode?: string | null | undefined;
  /** The organism whose catalogue gets it (its admin adds it); omitted: shared by every organism (a platform administrator adds it). */
  organism?: string | undefined;
}

/**
 * Adds an option to a catalogue, recorded in the audit trail with the catalogue's organism (null
 * for the shared one). A named procedure must be one bpm runs for that catalogue's expedientes
 * (shared, or the organism's own); it is asked before the transaction, which never waits on bpm.
 */
export async function addInitialOption<Tx>(
  ports: FilesPorts<Tx>,
  procedures: ProcedureCatalogue,
  input: AddInitialOptionInput,
  caller: Caller,
  defaultOrganism: string,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<InitialOption> {
  const organism = input.organism ?? null;
  requireCatalogueAdmin(caller, organism, defaultOrganism);
  const option = newInitialOption({ code: input.code, name: input.name, procedureCode: input.procedureCode ?? null, organism });
  // Null is bpm's default procedure, which every organism may open.
  if (option.procedureCode !== null) await requireUsableProcedure(procedures, option.code, option.procedureCode, organism);
  return ports.unitOfWork.run(cause, async (trx) => {
    if (!(await ports.optionsIn(trx).add(option))) {
      throw conflict(
        'initial-option-exists',
        organism === null
          ? `The initial option ${option.code} already exists (shared, or in an organism's catalogue).`
          : `The initial option ${option.code} already exists in organism ${organism} or is shared by every organism.`,
        { code: option.code },
      );
    }
    await ports.audit.record(trx, { action: 'initial-option.create', organism, details: { code: option.code, procedureCode: option.procedureCode } }, audited);
    return option;
  });
}
