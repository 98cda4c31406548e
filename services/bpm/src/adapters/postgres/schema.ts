import type { Kysely, Transaction } from 'kysely';

/** The bpm tables as Kysely sees them (migrations/0001_bpm.sql and later). */
export interface BpmDatabase {
  /** `organism` null: shared by every organism (migration 0005). */
  procedures: { code: string; version: number; name: string; published_at: Date; organism: string | null };
  procedure_phases: {
    procedure_code: string;
    procedure_version: number;
    code: string;
    name: string;
    ordering: number;
    initial: boolean;
    terminal: boolean;
  };
  procedure_transitions: { procedure_code: string; procedure_version: number; from_phase: string; to_phase: string; role: string; unit: string | null };
  processes: {
    process_id: string;
    file_code: string;
    /** Null only for rows written before organisms, until bpm adopts them at start. */
    organism: string | null;
    procedure_code: string;
    procedure_version: number;
    phase_code: string;
    finished: boolean;
    started_at: Date;
    updated_at: Date;
    version: number;
  };
  process_steps: {
    process_id: string;
    seq: number;
    phase_code: string;
    phase_name: string;
    entered_at: Date;
    /** jsonb {username, displayName} */
    entered_by: unknown;
    finished_at: Date | null;
    finished_by: unknown;
  };
  process_tombstones: { process_id: string; file_code: string | null; last_version: number; deleted_at: Date };
}

/** The root database or a transaction: repositories work on either. */
export type BpmDb = Kysely<BpmDatabase> | Transaction<BpmDatabase>;
