-- The organism of each process view, as bpm's snapshots state it (ADR 0013): the consistency
-- check keys rows by organism and code, also for a process whose file view has not arrived.
alter table process_view add column organism text;
