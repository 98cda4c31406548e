-- Searches read the GIN indexes' pending list of recent rows entry by entry, and only VACUUM (or a
-- list past gin_pending_list_limit) merges it into the index. Embedded PGlite never autovacuums, so
-- with 100 k rows a code lookup read 467 pages instead of 27 (ADR 0018): write the index entries
-- when the row is written, and merge what is pending now.
alter index file_view_search set (fastupdate = off);
alter index file_view_code_trgm set (fastupdate = off);
select gin_clean_pending_list('file_view_search'::regclass);
select gin_clean_pending_list('file_view_code_trgm'::regclass);
