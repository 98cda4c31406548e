import { DomainError, unprocessable } from '@tramita/kernel';

/**
 * What bpm's catalogue says of a procedure for an organism's expedientes: usable (deployed, and
 * shared or that organism's own), not usable, or nothing, because bpm could not be asked.
 */
export type ProcedureUsability = { kind: 'usable' } | { kind: 'unusable' } | { kind: 'unavailable'; reason: string };

/** The procedures bpm runs, as seen by whoever asks (bpm answers each caller with the shared ones and its organisms'). */
export interface ProcedureCatalogue {
  /** Whether expedientes of `organism` (null: of every organism, a shared option) may open procedure `code`. */
  usability(code: string, organism: string | null): Promise<ProcedureUsability>;
}

/** Who asks the catalogue: the caller's own credentials, forwarded as they came, and the request they came with. */
export interface CatalogueAsker {
  authorization: string | undefined;
  requestId: string;
}

/** A catalogue that asks as this caller (main.ts picks the adapter). */
export type ProcedureCatalogueFor = (asker: CatalogueAsker) => ProcedureCatalogue;

/**
 * Refuses an option whose procedure an expediente with it could not open: bpm would refuse its
 * CreateProcess and the new expediente's saga would fail. When bpm cannot be asked, nothing is
 * accepted blindly.
 */
export async function requireUsableProcedure(catalogue: ProcedureCatalogue, optionCode: string, procedureCode: string, organism: string | null): Promise<void> {
  const answer = await catalogue.usability(procedureCode, organism);
  if (answer.kind === 'usable') return;
  if (answer.kind === 'unavailable') {
    throw new DomainError(
      'procedure-catalogue-unavailable',
      'unavailable',
      `Could not check that procedure ${procedureCode} exists (${answer.reason}); the initial option ${optionCode} was not stored. Try again later.`,
      { procedureCode },
    );
  }
  throw unprocessable(
    'unknown-procedure',
    organism === null
      ? `The initial option ${optionCode} names procedure ${procedureCode}, which is not shared by every organism (a shared option needs a shared procedure).`
      : `The initial option ${optionCode} names procedure ${procedureCode}, which is neither shared nor of organism ${organism}.`,
    { procedureCode, organism },
  );
}
