-- How many expedientes each organism has in the read model, kept by statement triggers, so the
-- default list (no filter but the caller's organisms) reads its total here instead of counting
-- every row of file_view (ADR 0018). Each writing statement adds its change to one of eight slots
-- chosen at random, so concurrent writers (several index replicas on a server) rarely wait on
-- one row; the total is the sum of an organism's slots. Rows without an organism (before their
-- owner is known) count under ''.
create table file_view_counts (
  organism text not null,
  slot smallint not null,
  n bigint not null,
  primary key (organism, slot)
);

create function file_view_counts_change() returns trigger language plpgsql as $$
declare
  chosen smallint := floor(random() * 8)::smallint;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into file_view_counts (organism, slot, n)
      select coalesce(organism, ''), chosen, -count(*) from old_rows group by coalesce(organism, '')
      on conflict (organism, slot) do update set n = file_view_counts.n + excluded.n;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into file_view_counts (organism, slot, n)
      select coalesce(organism, ''), chosen, count(*) from new_rows group by coalesce(organism, '')
      on conflict (organism, slot) do update set n = file_view_counts.n + excluded.n;
  end if;
  return null;
end;
$$;

-- Writers wait while the count is taken, so none is missed or counted twice.
lock table file_view in share row exclusive mode;

create trigger file_view_counts_insert after insert on file_view
  referencing new table as new_rows for each statement execute function file_view_counts_change();
create trigger file_view_counts_update after update on file_view
  referencing old table as old_rows new table as new_rows for each statement execute function file_view_counts_change();
create trigger file_view_counts_delete after delete on file_view
  referencing old table as old_rows for each statement execute function file_view_counts_change();

insert into file_view_counts (organism, slot, n)
  select coalesce(organism, ''), 0, count(*) from file_view group by coalesce(organism, '');
