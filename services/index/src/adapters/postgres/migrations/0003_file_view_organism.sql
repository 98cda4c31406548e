-- The organism (DIR3) of each listed expediente (ADR 0013): the list is filtered by the caller's
-- organisms inside the query. Views projected before organisms get the installation's default
-- organism when index starts (the code is only known then).
alter table file_view add column organism text;
create index file_view_organism_created on file_view (organism, created_at desc);
