-- Organisms, their units and who belongs to them (ADR 0013). A user's roles in the installation's
-- default organism stay in users.roles (every existing user and client keeps working); their
-- memberships in other organisms are rows here. The default organism's row is written when auth
-- starts (its code is only known then).
create table organisms (
  code text primary key check (code ~ '^[A-Za-z][A-Za-z0-9]{8}$'),
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null
);

create table units (
  organism text not null references organisms (code),
  code text not null check (code ~ '^[A-Za-z][A-Za-z0-9]{8}$'),
  name text not null,
  active boolean not null default true,
  primary key (organism, code)
);

create table memberships (
  username text not null references users (username) on delete cascade,
  organism text not null references organisms (code),
  roles jsonb not null default '[]'::jsonb,
  units jsonb not null default '[]'::jsonb,
  primary key (username, organism)
);
create index memberships_organism on memberships (organism);
