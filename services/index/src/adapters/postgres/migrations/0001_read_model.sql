-- The index's read model: one view per source aggregate, joined when listing (so the arrival
-- order of files.events and bpm.events does not matter).
create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- From files.events, keyed by expediente code; a snapshot is applied only if its version is newer.
create table file_view (
  code text primary key,
  process_id text not null,
  initial_option_code text not null,
  initial_option_name text not null,
  description text not null,
  created_at timestamptz not null,
  created_by_username text not null,
  created_by_display_name text not null,
  updated_at timestamptz not null,
  version integer not null,
  -- Full text over code + description, 'spanish' configuration over unaccented text. Written by
  -- the adapter (unaccent() is not immutable, so it cannot be a generated column).
  search tsvector not null
);
create index file_view_search on file_view using gin (search);
create index file_view_code_trgm on file_view using gin (lower(code) gin_trgm_ops);
create index file_view_process on file_view (process_id);
create index file_view_created_at on file_view (created_at);
create index file_view_initial_option on file_view (initial_option_code);

-- From bpm.events, keyed by process id. A deleted process stays as a tombstone (deleted = true,
-- phase and dates null) with the deletion's version, so a late ProcessStarted cannot revive it.
create table process_view (
  process_id text primary key,
  file_code text not null,
  deleted boolean not null default false,
  phase_code text,
  phase_name text,
  finished boolean not null default false,
  started_at timestamptz,
  updated_at timestamptz,
  version integer not null,
  check (deleted or (phase_code is not null and phase_name is not null and started_at is not null and updated_at is not null))
);
create index process_view_phase on process_view (phase_code) where not deleted;
