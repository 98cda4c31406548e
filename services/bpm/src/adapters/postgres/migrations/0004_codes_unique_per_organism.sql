-- Expediente codes are unique per organism (ADR 0013): two organisms may each have a process for
-- their own expediente EXP-1. One live process per expediente of an organism.
alter table processes drop constraint processes_file_code_key;
create unique index processes_organism_file_code on processes (organism, file_code);
