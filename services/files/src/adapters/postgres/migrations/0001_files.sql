-- Initial options: a catalogue (data, not code). procedure_code null = bpm's default procedure.
create table initial_options (
  code text primary key,
  name text not null,
  procedure_code text,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
insert into initial_options (code, name) values
  ('SEDE', 'Sede electrónica'),
  ('PETICION_DTO', 'A petición departamento');

-- The expediente aggregate. A row in status 'creating' is a reservation owned by saga_id.
create table expedientes (
  code text primary key,
  process_id text not null unique,
  initial_option_code text not null,
  initial_option_name text not null,
  description text not null default '',
  status text not null check (status in ('creating', 'active', 'finished')),
  finished boolean not null default false,
  phase_code text,
  phase_name text,
  process_version integer not null default 0,
  document_ids jsonb not null default '[]'::jsonb,
  created_at timestamptz not null,
  created_by jsonb not null,
  updated_at timestamptz not null,
  updated_by jsonb not null,
  version integer not null,
  saga_id uuid not null
);
create index expedientes_saga on expedientes (saga_id);
