import type { Expediente } from './expediente.ts';

/** Persistence of expedientes. Bound to one transaction when used by a write. */
export interface FileRepository {
  /** The expediente with this code in any status (a reservation included); null if none. */
  findByCode(code: string): Promise<Expediente | null>;
  findByProcessId(processId: string): Promise<Expediente | null>;
  /** Whether any expediente (a reservation included) has this code, ignoring case. */
  isCodeTaken(code: string): Promise<boolean>;
  /** Inserts a reservation; false when the code is already taken, ignoring case (nothing is touched then). */
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
