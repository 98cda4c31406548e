-- Process instances run by the BPMN engine, their work items and their timers (ADR 0015).
-- An expediente's process keeps its row in `processes` (phase history, version); its engine
-- instance, and those its call activities start, are rows here whose `state` is the engine's JSON.
-- The references to `processes` are checked at commit: a new process's instance runs first (its
-- first phases are what the engine entered) and the process row is written after it.
create table engine_instances (
  instance_id text primary key,
  -- The expediente's process the instance belongs to (itself, or the root of its call chain).
  process_id text not null references processes (process_id) on delete cascade deferrable initially deferred,
  parent_instance_id text references engine_instances (instance_id) on delete cascade,
  -- The parent's call activity waiting for this instance; null for the root.
  parent_call_id text,
  procedure_catalogue text not null,
  procedure_code text not null,
  procedure_version integer not null,
  state jsonb not null,
  -- 1 at start, +1 per event applied: an event is applied against the state it was read from.
  version integer not null check (version > 0),
  ended boolean not null default false,
  updated_at timestamptz not null
);
create index engine_instances_process on engine_instances (process_id);

-- Work items: one row per user task reached, open until completed or cancelled. The inbox reads
-- the open ones of the caller's organisms that are theirs or that their groups may claim.
create table tasks (
  task_id text primary key,
  instance_id text not null references engine_instances (instance_id) on delete cascade,
  process_id text not null references processes (process_id) on delete cascade deferrable initially deferred,
  organism text not null,
  file_code text not null,
  procedure_code text not null,
  node_id text not null,
  name text,
  assignee text,
  candidate_users text[] not null default '{}',
  candidate_groups text[] not null default '{}',
  due_at timestamptz,
  priority integer,
  form_key text,
  state text not null check (state in ('open', 'completed', 'cancelled')),
  created_at timestamptz not null,
  ended_at timestamptz,
  ended_by jsonb,
  version integer not null check (version > 0)
);
create index tasks_open_by_organism on tasks (organism, due_at) where state = 'open';
create index tasks_open_by_assignee on tasks (assignee) where state = 'open';
create index tasks_by_process on tasks (process_id);

-- Timers: due until fired or cancelled. Replicas claim due ones with `for update skip locked` and
-- fire each in the transaction that marks it fired, so it fires once across crashes and replicas.
create table timers (
  timer_id text primary key,
  instance_id text not null references engine_instances (instance_id) on delete cascade,
  process_id text not null references processes (process_id) on delete cascade deferrable initially deferred,
  node_id text not null,
  due_at timestamptz not null,
  fired_at timestamptz,
  cancelled_at timestamptz
);
create index timers_due on timers (due_at) where fired_at is null and cancelled_at is null;

-- Incidents: a token that cannot go on (no condition true and no default, a missing variable);
-- an administrator retries after fixing data. Never a silent end.
create table incidents (
  incident_id text primary key,
  instance_id text not null references engine_instances (instance_id) on delete cascade,
  process_id text not null references processes (process_id) on delete cascade deferrable initially deferred,
  organism text not null,
  file_code text not null,
  node_id text not null,
  message text not null,
  raised_at timestamptz not null,
  resolved_at timestamptz
);
create index incidents_open_by_organism on incidents (organism) where resolved_at is null;
