-- Expediente codes are unique per organism (ADR 0013): two organisms may each have their own
-- EXP-1, while within one organism codes stay unique ignoring case (ADR 0011). Expedientes not yet
-- adopted by an organism (written before organisms) are adopted when files starts, before any
-- request or message is handled.
alter table expedientes drop constraint expedientes_pkey;
drop index expedientes_code_ignoring_case;
create unique index expedientes_organism_code on expedientes (organism, code);
create unique index expedientes_organism_code_ignoring_case on expedientes (organism, upper(code)) where not legacy_case_duplicate;
create index expedientes_code on expedientes (code);
