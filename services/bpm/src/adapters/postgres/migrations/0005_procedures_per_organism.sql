-- Procedures are a catalogue per organism (ADR 0013, point 7): organism null is a procedure shared
-- by every organism, which is what every existing one stays. A procedure code belongs to one
-- catalogue (the publish use case keeps every version of a code in the catalogue of its first),
-- so a process's (procedure_code, procedure_version) keeps naming exactly one definition.
alter table procedures add column organism text null;
create index procedures_organism on procedures (organism);
