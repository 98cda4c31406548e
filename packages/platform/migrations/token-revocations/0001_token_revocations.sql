-- Access tokens this service refuses before they expire (ADR 0010), fed by auth.events.
-- kind 'subject': every token of user `key` issued before `at`; kind 'token': the token whose jti is `key`.
-- A row is useless once no token it could match is still valid (`forget_after`) and is then deleted.
create table token_revocations (
  kind text not null check (kind in ('subject', 'token')),
  key text not null,
  at timestamptz not null,
  forget_after timestamptz not null,
  primary key (kind, key)
);
create index token_revocations_forget_after on token_revocations (forget_after);
