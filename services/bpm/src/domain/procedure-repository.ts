import type { Procedure } from './procedure.ts';

/** Summary of a procedure: its latest version and every version published. */
export interface ProcedureSummary {
  code: string;
  name: string;
  latestVersion: number;
  versions: number[];
}

/** Published procedure definitions (versions are immutable once published). */
export interface ProcedureRepository {
  /** One entry per procedure code, ordered by code. */
  list(): Promise<ProcedureSummary[]>;
  /** The given version, or the latest one when `version` is omitted; null if unknown. */
  find(code: string, version?: number): Promise<Procedure | null>;
  /** Stores a new version; false if that code and version already exist. */
  add(procedure: Procedure): Promise<boolean>;
}
