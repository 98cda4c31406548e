-- Expediente codes are unique ignoring case: "EXP-RB-1" and "exp-rb-1" name one expediente, so
-- the second is refused (409 file-code-taken). Each code keeps the spelling it was created with
-- and is addressed by it. Rows created before this rule that differ from another only in case
-- are kept as they are (nothing is merged or renamed) and marked, so the index can hold for
-- every other row; docs/adr/0011-expediente-codes-ignore-case.md says how to resolve them.
alter table expedientes add column legacy_case_duplicate boolean not null default false;
update expedientes e set legacy_case_duplicate = true
  where exists (select 1 from expedientes o where upper(o.code) = upper(e.code) and o.code <> e.code);
create unique index expedientes_code_ignoring_case on expedientes (upper(code)) where not legacy_case_duplicate;
