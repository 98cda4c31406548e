-- bpm: procedure definitions (the workflow as data, versioned) and process instances.
create table procedures (
  code text not null,
  version integer not null check (version > 0),
  name text not null,
  published_at timestamptz not null default now(),
  primary key (code, version)
);

create table procedure_phases (
  procedure_code text not null,
  procedure_version integer not null,
  code text not null,
  name text not null,
  ordering integer not null,
  initial boolean not null,
  terminal boolean not null,
  primary key (procedure_code, procedure_version, code),
  foreign key (procedure_code, procedure_version) references procedures (code, version)
);
create unique index procedure_phases_one_initial on procedure_phases (procedure_code, procedure_version) where initial;

create table procedure_transitions (
  procedure_code text not null,
  procedure_version integer not null,
  from_phase text not null,
  to_phase text not null,
  role text not null,
  primary key (procedure_code, procedure_version, from_phase, to_phase),
  foreign key (procedure_code, procedure_version, from_phase) references procedure_phases (procedure_code, procedure_version, code),
  foreign key (procedure_code, procedure_version, to_phase) references procedure_phases (procedure_code, procedure_version, code)
);

create table processes (
  process_id text primary key,
  -- One live process per expediente; deleted (compensated) processes leave no row here.
  file_code text not null unique,
  procedure_code text not null,
  procedure_version integer not null,
  phase_code text not null,
  finished boolean not null,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null check (version > 0),
  foreign key (procedure_code, procedure_version) references procedures (code, version)
);

-- The phase history: one row per stay in a phase, loops included.
create table process_steps (
  process_id text not null references processes (process_id) on delete cascade,
  seq integer not null,
  phase_code text not null,
  phase_name text not null,
  entered_at timestamptz not null,
  entered_by jsonb not null,
  finished_at timestamptz,
  finished_by jsonb,
  primary key (process_id, seq)
);

-- Processes deleted by a compensation (or compensated before they existed): never create them.
create table process_tombstones (
  process_id text primary key,
  file_code text,
  last_version integer not null,
  deleted_at timestamptz not null
);

-- The default procedure: the original system's state machine, roles now part of the definition.
insert into procedures (code, version, name) values ('EXPEDIENTE', 1, 'Tramitación de expediente');
insert into procedure_phases (procedure_code, procedure_version, code, name, ordering, initial, terminal) values
  ('EXPEDIENTE', 1, 'INICIAL', 'Fase inicial', 1, true, false),
  ('EXPEDIENTE', 1, 'ANALISIS_TECNICO', 'Fase de análisis técnico', 2, false, false),
  ('EXPEDIENTE', 1, 'VALIDADO', 'Fase de validación', 3, false, false),
  ('EXPEDIENTE', 1, 'RECHAZADO', 'Fase rechazado', 4, false, false),
  ('EXPEDIENTE', 1, 'FINALIZADO', 'Finalizado', 5, false, true);
insert into procedure_transitions (procedure_code, procedure_version, from_phase, to_phase, role) values
  ('EXPEDIENTE', 1, 'INICIAL', 'ANALISIS_TECNICO', 'tramitador'),
  ('EXPEDIENTE', 1, 'ANALISIS_TECNICO', 'VALIDADO', 'tecnico'),
  ('EXPEDIENTE', 1, 'ANALISIS_TECNICO', 'RECHAZADO', 'tecnico'),
  ('EXPEDIENTE', 1, 'VALIDADO', 'FINALIZADO', 'validador'),
  ('EXPEDIENTE', 1, 'RECHAZADO', 'INICIAL', 'tramitador'),
  ('EXPEDIENTE', 1, 'RECHAZADO', 'FINALIZADO', 'validador');
