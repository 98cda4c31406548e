-- Document metadata; the bytes live in the blob store under the document id.
create table documents (
  id uuid primary key,
  name text not null,
  media_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  file_code text,
  attachment_id text,
  created_at timestamptz not null,
  created_by_username text not null,
  created_by_display_name text not null,
  updated_at timestamptz not null,
  updated_by_username text not null,
  updated_by_display_name text not null
);
create index documents_by_file_code on documents (file_code, created_at) where file_code is not null;
create index documents_unattached on documents (created_at) where file_code is null;

-- Attachments undone by a compensation: a late AttachDocuments of that saga is refused.
create table attachment_tombstones (
  attachment_id text primary key,
  file_code text not null,
  recorded_at timestamptz not null
);
