-- Legal time (ADR 0016): the organisms' calendars, an expediente's plazos and what the
-- responsible users are told. Forward-only; nothing earlier changes.

-- An organism's seat decides which community and local holidays apply (Ley 39/2015 art. 30.6, 30.7).
create table calendar_settings (
  organism text primary key,
  community text not null check (community ~ '^ES-[A-Z]{2}$'),
  municipality text check (municipality ~ '^[0-9]{5}$'),
  time_zone text not null check (time_zone in ('Europe/Madrid', 'Atlantic/Canary')),
  updated_at timestamptz not null,
  updated_by jsonb not null
);

-- An organism's corrections of its local calendar: each a whole dataset (the year's days and the
-- bulletin that publishes them), a new version over the shipped one. DRAFT until a second
-- administrator approves it; versions are never overwritten, so every computation can name the
-- version it used.
create table calendar_corrections (
  organism text not null,
  year integer not null,
  territory text not null,
  version integer not null check (version > 0),
  dataset jsonb not null,
  status text not null check (status in ('DRAFT', 'VERIFIED')),
  proposed_by jsonb not null,
  proposed_at timestamptz not null,
  approved_by jsonb,
  approved_at timestamptz,
  primary key (organism, year, territory, version)
);

-- An expediente's plazos: the maximum to resolve and notify (art. 21) and each trámite's (a user
-- task with tramita:plazo). `data` is the whole plazo (duration, suspensions, extensions, the
-- current due date with its explanation, outcome, history); the columns beside it serve queries.
create table plazos (
  plazo_id text primary key,
  process_id text not null references processes (process_id) on delete cascade deferrable initially deferred,
  organism text not null,
  file_code text not null,
  kind text not null check (kind in ('MAXIMO', 'TRAMITE')),
  task_id text,
  state text not null check (state in ('RUNNING', 'SUSPENDED', 'EXPIRED', 'CLOSED')),
  -- When a running plazo ends; null while suspended or closed.
  ends_at timestamptz,
  due_status text check (due_status in ('FINAL', 'PROVISIONAL')),
  data jsonb not null,
  version integer not null check (version > 0),
  updated_at timestamptz not null
);
create index plazos_by_process on plazos (process_id);
create unique index plazos_by_task on plazos (task_id) where task_id is not null;
create index plazos_expiring on plazos (ends_at) where state = 'RUNNING' and due_status = 'FINAL';
create index plazos_open_by_organism on plazos (organism) where state in ('RUNNING', 'SUSPENDED');

-- The calendar an expediente's plazos count in beyond the organism's seat: the interested
-- party's residence and the channel (art. 30.6 applies only to acts not done electronically, 31.3).
create table plazo_contexts (
  process_id text primary key references processes (process_id) on delete cascade deferrable initially deferred,
  residence jsonb,
  channel text not null check (channel in ('ELECTRONIC', 'PRESENTIAL')),
  updated_at timestamptz not null
);

-- What the responsible users are told: a plazo that expired, a communicated date that moved.
create table notices (
  notice_id text primary key,
  organism text not null,
  file_code text not null,
  kind text not null check (kind in ('PLAZO_EXPIRED', 'COMMUNICATED_DATE_MOVED')),
  message text not null,
  recipient_users text[] not null default '{}',
  recipient_roles text[] not null default '{}',
  created_at timestamptz not null
);
create index notices_by_organism on notices (organism, created_at desc);
create table notice_reads (
  notice_id text not null references notices (notice_id) on delete cascade,
  username text not null,
  read_at timestamptz not null,
  primary key (notice_id, username)
);
