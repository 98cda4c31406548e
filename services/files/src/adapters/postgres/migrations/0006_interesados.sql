-- Interesados of an expediente (Ley 39/2015 arts. 4 to 8): one row per person or company, keyed
-- by the expediente's identity (organism, code; ADR 0013). One document appears once per expediente.
create table interesados (
  id uuid primary key,
  organism text not null,
  file_code text not null,
  document text not null,
  document_kind text not null check (document_kind in ('NIF', 'NIE', 'CIF')),
  name text not null,
  role text not null check (role in ('solicitante', 'representante', 'interesado')),
  channel text not null check (channel in ('electronic', 'postal')),
  email text,
  phone text,
  address jsonb,
  version integer not null,
  added_at timestamptz not null,
  added_by jsonb not null,
  updated_at timestamptz not null,
  updated_by jsonb not null
);
create unique index interesados_file_document on interesados (organism, file_code, document);
-- "Where does this person appear?" is asked within the caller's organisms.
create index interesados_organism_document on interesados (organism, document);

-- Every add, change and removal, with the statement before and after; rows are never updated or deleted.
create table interesado_history (
  seq bigint generated always as identity primary key,
  interesado_id uuid not null,
  organism text not null,
  file_code text not null,
  change text not null check (change in ('added', 'changed', 'removed')),
  at timestamptz not null,
  by_actor jsonb not null,
  before jsonb,
  after jsonb
);
create index interesado_history_file on interesado_history (organism, file_code, seq);
