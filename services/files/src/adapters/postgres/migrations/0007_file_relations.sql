-- Relations between expedientes, stated from one (from_*) to another (to_*) and shown on both.
-- pair_key names the relation regardless of who stated it (kind and both ends; for the symmetric
-- kinds the ends in a fixed order), so the same relation cannot be stored twice.
create table file_relations (
  id uuid primary key,
  kind text not null check (kind in ('acumulado', 'antecedente', 'recurso', 'relacionado')),
  from_organism text not null,
  from_code text not null,
  to_organism text not null,
  to_code text not null,
  pair_key text not null unique,
  created_at timestamptz not null,
  created_by jsonb not null,
  check (from_organism <> to_organism or from_code <> to_code)
);
create index file_relations_from on file_relations (from_organism, from_code);
create index file_relations_to on file_relations (to_organism, to_code);
