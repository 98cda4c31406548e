-- Messaging tables every service carries: transactional outbox, inbox, dead letters, saga state.
create table outbox (
  seq bigserial primary key,
  id uuid not null unique,
  topic text not null,
  message_key text not null,
  envelope jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished on outbox (seq) where published_at is null;

create table inbox (
  consumer text not null,
  message_id uuid not null,
  processed_at timestamptz not null default now(),
  primary key (consumer, message_id)
);

create table dead_letters (
  id bigserial primary key,
  consumer text not null,
  message_id uuid not null,
  topic text not null,
  envelope jsonb not null,
  reason text not null,
  attempts integer not null,
  failed_at timestamptz not null default now(),
  unique (consumer, message_id)
);

create table saga_instances (
  id uuid primary key,
  saga_type text not null,
  subject text not null,
  status text not null check (status in ('running', 'compensating', 'completed', 'compensated', 'failed')),
  step integer not null,
  data jsonb not null,
  reason text,
  correlation_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  version integer not null default 1
);
create index saga_instances_open on saga_instances (deadline_at) where status in ('running', 'compensating');
