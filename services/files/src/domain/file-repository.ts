import type { Expediente } from './expediente.ts';

/** Persistence of expedientes. Bound to one transaction when used by a write. */
export interface FileRepository {
  /** The expediente `code` of `organism` in any status (a reservation included); null if none. Codes are unique per organism (ADR 0013). */
  findByCode(code: string, organism: string): Promise<Expediente | null>;
  /** The organisms with a created (not `creating`) expediente of this exact code: usually one. */
  organismsHolding(code: string): Promise<string[]>;
  /** The reservation (or expediente) that `sagaId` made for `code`, whatever its organism. */
  findReservation(code: string, sagaId: string): Promise<Expediente | null>;
  findByProcessId(processId: string): Promise<Expediente | null>;
  /** Whether an expediente of `organism` (a reservation included) has this code, ignoring case. */
  isCodeTaken(code: string, organism: string): Promise<boolean>;
  /** Inserts a reservation; false when its organism already has the code, ignoring case (nothing is touched then). */
  reserve(expediente: Expediente): Promise<boolean>;
  /** Writes back an expediente that was loaded in the same transaction. */
  save(expediente: Expediente): Promise<void>;
  /**
   * Removes the reservation made by `sagaId` for `code`, and nothing else: an expediente that is
   * active or reserved by another saga stays. Returns whether a row was removed.
   */
  deleteReservation(code: string, sagaId: string): Promise<boolean>;
  /** Gives every expediente written before organisms existed to `organism` (ADR 0013); returns how many. */
  adoptUnowned(organism: string): Promise<number>;
}
