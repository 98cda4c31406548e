import { conflict } from '@tramita/kernel';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';

/**
 * Refuses a code in a catalogue when it would be both shared and an organism's (ADR 0013): every
 * organism's processes must find one definition for a code. Two organisms may each have their
 * own, and neither learns of the other's; the clash named here is one every party to it sees.
 */
export async function assertCodeFitsCatalogue(procedures: ProcedureRepository, code: string, organism: string | null): Promise<void> {
  const catalogues = await procedures.cataloguesOf(code);
  const clash = organism === null ? catalogues.find((catalogue) => catalogue !== null) : catalogues.includes(null) ? null : undefined;
  if (clash === undefined) return;
  throw conflict(
    'procedure-in-another-catalogue',
    clash === null
      ? `Procedure ${code} is shared by every organism: choose another code (a BPMN process id) for your own.`
      : `Procedure ${code} is of organism ${clash}: choose another code (a BPMN process id) for a shared one.`,
    { procedureCode: code, organism: clash },
  );
}
