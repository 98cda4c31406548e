-- Expediente codes are unique per organism (ADR 0013): the view of EXP-1 of one organism and
-- the view of EXP-1 of another are two rows. Views without an organism yet (projected before
-- organisms) are adopted by the default organism when index starts, before any event is applied.
alter table file_view drop constraint file_view_pkey;
create unique index file_view_organism_code on file_view (organism, code);
