/**
 * What docs knows of an expediente it files documents for (ADR 0017): its ENI identifier (issued
 * once, never changed), when it opened, its procedure (the clasificación) and whether it is
 * finished (then its documents are read-only and its índice is closed and signed).
 */
export interface ExpedienteRecord {
  organism: string;
  fileCode: string;
  eniIdentifier: string;
  openedAt: Date;
  /** The procedure bpm runs it under; null when docs learnt of it before bpm said. */
  procedureCode: string | null;
  finished: boolean;
  /** Version of the last bpm process snapshot applied (0: none). */
  processVersion: number;
  updatedAt: Date;
}

/** Where the expedientes docs knows live. Bound to a transaction, it acts inside it. */
export interface ExpedienteRepository {
  get(organism: string, fileCode: string): Promise<ExpedienteRecord | null>;
  /** Those with this code among the given organisms. */
  findByCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<ExpedienteRecord[]>;
  /** Inserts it unless one with that organism and code exists; returns the stored one. */
  insertIfAbsent(record: ExpedienteRecord): Promise<ExpedienteRecord>;
  update(record: ExpedienteRecord): Promise<void>;
}
