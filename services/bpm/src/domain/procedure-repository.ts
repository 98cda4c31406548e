import type { ProcessModel } from '@tramita/bpmn';
import type { Procedure } from './procedure.ts';

/** A version deployed as a BPMN 2.0 file (ADR 0015): the file as deployed, the model read from it, the file's SHA-256 (hex). */
export interface BpmnSource {
  xml: string;
  model: ProcessModel;
  sha256: string;
}

/** Summary of a procedure: its latest version, every version published, and whose catalogue holds it. */
export interface ProcedureSummary {
  code: string;
  name: string;
  latestVersion: number;
  versions: number[];
  /** The organism (DIR3) whose catalogue holds it; null: shared by every organism (ADR 0013). */
  organism: string | null;
  /** How its latest version was defined: a BPMN 2.0 file, or a phase table. */
  format: 'bpmn' | 'phases';
}

/** Which organisms' procedures a reader sees besides the shared ones: all of them (a service), or these. */
export type CatalogueReach = 'all' | readonly string[];

/**
 * Published procedure definitions (versions are immutable once published), in catalogues: the
 * shared one (null) and one per organism. A code is unique within a catalogue; several organisms
 * may each hold the same code, but a code is never both shared and an organism's, so an
 * organism's processes always find one definition for a code (ADR 0013).
 */
export interface ProcedureRepository {
  /** One entry per catalogue and code, shared or of the organisms in reach, ordered by code then organism. */
  list(reach: CatalogueReach): Promise<ProcedureSummary[]>;
  /** The catalogues holding `code` (null: the shared one); empty when no version of it exists. */
  cataloguesOf(code: string): Promise<(string | null)[]>;
  /** The given version in that catalogue, or the latest one when `version` is omitted; null if unknown. */
  find(code: string, catalogue: string | null, version?: number): Promise<Procedure | null>;
  /** The BPMN file and model of a version deployed as one; null for a phase table or an unknown version. */
  findBpmn(code: string, catalogue: string | null, version: number): Promise<BpmnSource | null>;
  /** Stores a new version in a catalogue (null: shared), with its BPMN source when deployed as a file; false if that catalogue already has that code and version. */
  add(procedure: Procedure, catalogue: string | null, bpmn?: BpmnSource): Promise<boolean>;
}

/** The catalogue whose `code` an organism's processes use: its own, else the shared one; undefined when neither holds it. */
export function catalogueFor(catalogues: readonly (string | null)[], organism: string): string | null | undefined {
  if (catalogues.includes(organism)) return organism;
  return catalogues.includes(null) ? null : undefined;
}

/** The definition an organism's process uses for `code` (the latest, or `version`); null when none it may use exists. */
export async function findProcedureFor(procedures: ProcedureRepository, code: string, organism: string, version?: number): Promise<Procedure | null> {
  return (await locateProcedureFor(procedures, code, organism, version))?.procedure ?? null;
}

/** {@link findProcedureFor}, with the catalogue that holds it (null: shared). */
export async function locateProcedureFor(
  procedures: ProcedureRepository,
  code: string,
  organism: string,
  version?: number,
): Promise<{ procedure: Procedure; catalogue: string | null } | null> {
  const catalogue = catalogueFor(await procedures.cataloguesOf(code), organism);
  const procedure = catalogue === undefined ? null : await procedures.find(code, catalogue, version);
  return procedure && catalogue !== undefined ? { procedure, catalogue } : null;
}
