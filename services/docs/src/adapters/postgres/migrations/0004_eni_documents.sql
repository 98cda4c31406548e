-- ENI-native documents (ADR 0017): immutable versions, ENI metadata, removal that keeps the
-- history, CSVs bound to each version, the expedientes docs files documents for, and their signed
-- índices. Forward-only: every document written before becomes version 1 of itself (its blob keeps
-- its key, the document id) with the metadata a case worker can correct afterwards.

create table document_versions (
  document_id uuid not null references documents (id) on delete cascade,
  version integer not null check (version > 0),
  -- The blob store key of this version's bytes (version 1: the document id, as before).
  blob_key text not null unique,
  name text not null,
  media_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null,
  created_by_username text not null,
  created_by_display_name text not null,
  primary key (document_id, version)
);

insert into document_versions (document_id, version, blob_key, name, media_type, size, sha256, created_at, created_by_username, created_by_display_name)
select id, 1, id::text, name, media_type, size, sha256, created_at, created_by_username, created_by_display_name from documents;

alter table documents add column current_version integer not null default 1;
-- FechaCaptura: when the document entered the system (an imported one keeps the sender's).
alter table documents add column captured_at timestamptz;
update documents set captured_at = created_at;
alter table documents alter column captured_at set not null;
-- ENI identifier (ES_<DIR3>_<AAAA>_<30>), issued when the document enters an expediente; never changes.
alter table documents add column eni_identifier text unique;
alter table documents add column origen text not null default 'administracion' check (origen in ('ciudadano', 'administracion'));
alter table documents add column estado_elaboracion text not null default 'EE01' check (estado_elaboracion in ('EE01', 'EE02', 'EE03', 'EE04', 'EE99'));
alter table documents add column documento_origen text;
alter table documents add column tipo_documental text not null default 'TD99' check (tipo_documental ~ '^TD(0[1-9]|1[0-9]|20|99)$');
alter table documents add column folder text;
-- Order in the expediente's índice (OrdenDocumentoExpediente) and when it entered it.
alter table documents add column position integer;
alter table documents add column incorporated_at timestamptz;
alter table documents add column removed_at timestamptz;
alter table documents add column removed_by_username text;
alter table documents add column removed_by_display_name text;
alter table documents add column removal_reason text;

-- Documents already attached keep their order of creation and enter on their last update.
update documents d set position = ranked.position, incorporated_at = d.updated_at
from (select id, row_number() over (partition by organism, file_code order by created_at, id) as position from documents where file_code is not null) ranked
where d.id = ranked.id;

-- Códigos Seguros de Verificación (Ley 40/2015 art. 42.b): one per document version, unique in
-- the installation, bound to the exact bytes' SHA-256.
create table csvs (
  csv text primary key check (csv ~ '^[0-9A-HJKMNP-TV-Z]{24}[0-9A-HJKMNP-TV-Z*~$=U]$'),
  document_id uuid not null references documents (id) on delete cascade,
  version integer not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  organ text not null,
  regulation text not null,
  issued_at timestamptz not null,
  available_until timestamptz,
  annulled_at timestamptz,
  annulment_reason text,
  unique (document_id, version),
  foreign key (document_id, version) references document_versions (document_id, version)
);

-- The expedientes docs keeps documents for: their ENI identifier and what the índice and the
-- ENI metadata need, followed from bpm's process events (or from files when docs learns of one
-- first through a request).
create table expedientes (
  organism text not null,
  file_code text not null,
  eni_identifier text not null unique,
  opened_at timestamptz not null,
  procedure_code text,
  finished boolean not null default false,
  process_version integer not null default 0,
  updated_at timestamptz not null,
  primary key (organism, file_code)
);

-- Signed índices: the closure one (E02) and remission snapshots (E03). Immutable once written.
create table indices (
  id uuid primary key,
  organism text not null,
  file_code text not null,
  estado text not null check (estado in ('E02', 'E03')),
  fecha_indice timestamptz not null,
  -- The signed eniexpind:indice element, verbatim.
  xml text not null,
  entries jsonb not null,
  firmas jsonb not null,
  csv text unique,
  created_at timestamptz not null,
  created_by_username text not null,
  created_by_display_name text not null,
  foreign key (organism, file_code) references expedientes (organism, file_code)
);
create index indices_by_expediente on indices (organism, file_code, created_at);
