import type { Procedure } from './procedure.ts';

/** Summary of a procedure: its latest version, every version published, and whose catalogue holds it. */
export interface ProcedureSummary {
  code: string;
  name: string;
  latestVersion: number;
  versions: number[];
  /** The organism (DIR3) whose catalogue holds it; null: shared by every organism (ADR 0013). */
  organism: string | null;
}

/** Which organisms' procedures a reader sees besides the shared ones: all of them (a service), or these. */
export type CatalogueReach = 'all' | readonly string[];

/**
 * Published procedure definitions (versions are immutable once published). A procedure code
 * belongs to one catalogue, an organism's or the shared one, and every version of it stays there.
 */
export interface ProcedureRepository {
  /** One entry per procedure code shared or of the organisms in reach, ordered by code. */
  list(reach: CatalogueReach): Promise<ProcedureSummary[]>;
  /** The given version, or the latest one when `version` is omitted; null if unknown. */
  find(code: string, version?: number): Promise<Procedure | null>;
  /** Whose catalogue holds the code (`organism` null: shared); null when no version of it exists. */
  ownerOf(code: string): Promise<{ organism: string | null } | null>;
  /** Stores a new version in `organism`'s catalogue (null: shared); false if that code and version already exist. */
  add(procedure: Procedure, organism: string | null): Promise<boolean>;
}
