-- Wakes the outbox relays of every replica when a transaction that wrote the outbox commits
-- (ADR 0018): one notification per writing statement, delivered by PostgreSQL only after the commit
-- and folded into one per transaction. A relay listening on `tramita_outbox` reads the outbox when
-- told, instead of reading until a round finds nothing; polling stays as the fallback when nobody
-- listens (embedded PGlite wakes its relay in process, the notification costs it nothing measurable).
create function outbox_notify_commit() returns trigger language plpgsql as $$
begin
  perform pg_notify('tramita_outbox', '');
  return null;
end
$$;

create trigger outbox_notify_commit after insert on outbox
  for each statement execute function outbox_notify_commit();
