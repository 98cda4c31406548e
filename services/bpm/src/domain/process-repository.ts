import type { Process } from './process.ts';

/** What remains of a deleted process: its id, so a late CreateProcess is refused. */
export interface Tombstone {
  processId: string;
  fileCode: string | null;
  /** Last version the process had (0 if it never existed here). */
  lastVersion: number;
  deletedAt: Date;
}

/** Process instances with their phase history, and tombstones of deleted ones. */
export interface ProcessRepository {
  findById(processId: string): Promise<Process | null>;
  /** The process of the expediente `fileCode` of `organism` (codes are unique per organism, ADR 0013). */
  findByFileCode(fileCode: string, organism: string): Promise<Process | null>;
  /** Loads and locks the process of an expediente until the transaction ends. */
  lockByFileCode(fileCode: string, organism: string): Promise<Process | null>;
  /** The organisms whose expediente `fileCode` has a process (usually one). */
  organismsHolding(fileCode: string): Promise<string[]>;
  insert(process: Process): Promise<void>;
  /** Saves a changed process; false if it is no longer at `loadedVersion` (someone else won). */
  update(process: Process, loadedVersion: number): Promise<boolean>;
  /** Deletes the process and its history. */
  delete(processId: string): Promise<void>;
  findTombstone(processId: string): Promise<Tombstone | null>;
  /** Records a tombstone; an existing one for the same process is kept. */
  addTombstone(tombstone: Tombstone): Promise<void>;
  /** Unfinished processes on a version of `procedureCode` other than `exceptVersion` (migrations between versions). */
  unfinishedOf(procedureCode: string, exceptVersion: number): Promise<string[]>;
  /** Gives every process written before organisms to `organism` (ADR 0013); returns how many. */
  adoptUnowned(organism: string): Promise<number>;
}
