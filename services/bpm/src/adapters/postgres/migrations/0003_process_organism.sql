-- The organism (DIR3) of each process's expediente (ADR 0013): only its members see the process,
-- and roles are checked in it. Processes started before organisms get the installation's default
-- organism when bpm starts (the code is only known then).
alter table processes add column organism text;
