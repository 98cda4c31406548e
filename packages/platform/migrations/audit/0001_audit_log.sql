-- The audit trail (Ley 40/2015 art. 41; RGPD art. 30; ENS access records): an append-only,
-- hash-chained log of who did what, one chain per service database. See src/audit/.
-- hash = sha256_hex(prev_hash || E'\n' || canonical JSON of the entry without prev_hash and hash).
create table audit_log (
  seq bigint primary key check (seq > 0),
  at timestamptz not null,
  service text not null,
  actor jsonb not null,
  action text not null,
  organism text,
  file_code text,
  source_address text,
  outcome text not null check (outcome in ('success', 'refused', 'failed')),
  correlation_id text not null,
  details jsonb not null default '{}',
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
);
create index audit_log_file_code on audit_log (file_code, seq) where file_code is not null;
create index audit_log_organism on audit_log (organism, seq) where organism is not null;

-- The chain head, one row, seeded so that the first append on an empty log has a row to lock:
-- every append locks it (select ... for update), so concurrent transactions and replicas sharing
-- the database append one after another, each after the last committed entry.
create table audit_head (
  id boolean primary key default true check (id),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (true, 0, repeat('0', 64));

-- The head at a moment (checkpointAudit): an export that ends before a checkpoint it carries has
-- lost its tail.
create table audit_checkpoints (
  seq bigint primary key references audit_log (seq),
  hash text not null,
  at timestamptz not null
);

-- Append-only in the database too: the service never changes or removes an entry. (Whoever owns
-- the database can drop this; the hash chain and the checkpoints are what prove nothing changed.)
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% on % is not allowed: the audit trail is append-only', tg_op, tg_table_name;
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function audit_log_is_append_only();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_log_is_append_only();
