-- Saga steps a participant has compensated, by saga instance and step: the original command of a
-- compensated step that arrives late is refused instead of applied for good (one rule for every
-- participant; see packages/messaging/src/postgres/saga-participant.ts).
create table saga_compensations (
  saga_id text not null,
  step text not null,
  recorded_at timestamptz not null default now(),
  primary key (saga_id, step)
);
