import type { Kysely, Transaction } from 'kysely';

/** The bpm tables as Kysely sees them (migrations/0001_bpm.sql and later). */
export interface BpmDatabase {
  /** One row per published version (migration 0007); `catalogue` '' is the shared one, else an organism's DIR3 code. */
  procedure_versions: {
    catalogue: string;
    code: string;
    version: number;
    name: string;
    /** jsonb {phases, transitions} as ProcedureData holds them. */
    definition: unknown;
    published_at: Date;
    /** A version deployed as a BPMN file (migration 0008); all three null for a phase table. */
    bpmn_xml: string | null;
    /** jsonb: the ProcessModel read from the file. */
    bpmn_model: unknown;
    content_sha256: string | null;
  };
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
  /** Engine instances (migration 0009): `state` is the engine's JSON. */
  engine_instances: {
    instance_id: string;
    process_id: string;
    parent_instance_id: string | null;
    parent_call_id: string | null;
    procedure_catalogue: string;
    procedure_code: string;
    procedure_version: number;
    state: unknown;
    version: number;
    ended: boolean;
    updated_at: Date;
  };
  tasks: {
    task_id: string;
    instance_id: string;
    process_id: string;
    organism: string;
    file_code: string;
    procedure_code: string;
    node_id: string;
    name: string | null;
    assignee: string | null;
    candidate_users: string[];
    candidate_groups: string[];
    due_at: Date | null;
    priority: number | null;
    form_key: string | null;
    state: 'open' | 'completed' | 'cancelled';
    created_at: Date;
    ended_at: Date | null;
    /** jsonb {username, displayName} */
    ended_by: unknown;
    version: number;
  };
  timers: { timer_id: string; instance_id: string; process_id: string; node_id: string; due_at: Date; fired_at: Date | null; cancelled_at: Date | null };
  incidents: {
    incident_id: string;
    instance_id: string;
    process_id: string;
    organism: string;
    file_code: string;
    node_id: string;
    message: string;
    raised_at: Date;
    resolved_at: Date | null;
  };
  process_tombstones: { process_id: string; file_code: string | null; last_version: number; deleted_at: Date };
  /** Legal time (migration 0010, ADR 0016). */
  calendar_settings: { organism: string; community: string; municipality: string | null; time_zone: string; updated_at: Date; updated_by: unknown };
  calendar_corrections: {
    organism: string;
    year: number;
    territory: string;
    version: number;
    /** jsonb: the CalendarDataset. */
    dataset: unknown;
    status: 'DRAFT' | 'VERIFIED';
    proposed_by: unknown;
    proposed_at: Date;
    approved_by: unknown;
    approved_at: Date | null;
  };
  plazos: {
    plazo_id: string;
    process_id: string;
    organism: string;
    file_code: string;
    kind: 'MAXIMO' | 'TRAMITE';
    task_id: string | null;
    state: 'RUNNING' | 'SUSPENDED' | 'EXPIRED' | 'CLOSED';
    ends_at: Date | null;
    due_status: 'FINAL' | 'PROVISIONAL' | null;
    /** jsonb: the PlazoState. */
    data: unknown;
    version: number;
    updated_at: Date;
  };
  plazo_contexts: { process_id: string; residence: unknown; channel: 'ELECTRONIC' | 'PRESENTIAL'; updated_at: Date };
  notices: {
    notice_id: string;
    organism: string;
    file_code: string | null;
    kind: 'PLAZO_EXPIRED' | 'COMMUNICATED_DATE_MOVED' | 'CALENDAR_NOT_READY';
    message: string;
    recipient_users: string[];
    recipient_roles: string[];
    created_at: Date;
  };
  notice_reads: { notice_id: string; username: string; read_at: Date };
}

/** The root database or a transaction: repositories work on either. */
export type BpmDb = Kysely<BpmDatabase> | Transaction<BpmDatabase>;
