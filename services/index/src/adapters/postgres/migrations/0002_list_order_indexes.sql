-- Indexes in the exact order the list sorts by, so the first page of a large read model is read
-- from an index instead of sorting every row: by date (newest first by default) and by code,
-- both with the code in code-point order ("C") as the tie-break.
create index file_view_created_at_code on file_view (created_at, (code collate "C"));
create index file_view_code_c on file_view ((code collate "C"));
drop index if exists file_view_created_at;
