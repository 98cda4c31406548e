create table users (
  id uuid primary key,
  username text not null unique,
  given_name text not null,
  family_name text not null,
  roles jsonb not null default '[]'::jsonb,
  enabled boolean not null default true,
  password_hash text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Everything oidc-provider persists: sessions, grants, codes, tokens, interactions.
create table oidc_payloads (
  id text not null,
  type text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (type, id)
);
create index oidc_payloads_grant_id on oidc_payloads (grant_id) where grant_id is not null;
create index oidc_payloads_uid on oidc_payloads (uid) where uid is not null;
create index oidc_payloads_user_code on oidc_payloads (user_code) where user_code is not null;
create index oidc_payloads_expires_at on oidc_payloads (expires_at) where expires_at is not null;

-- Keys and secrets generated at first start (signing keys, cookie keys, service client secret).
create table auth_secrets (
  name text primary key,
  value jsonb not null,
  created_at timestamptz not null default now()
);
