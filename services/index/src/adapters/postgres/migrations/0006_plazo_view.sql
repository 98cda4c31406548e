-- The maximum plazo to resolve and notify of each process (art. 21 Ley 39/2015, ADR 0016), from
-- bpm.events' PlazoChanged, keyed by process id and applied only when its version is newer. It may
-- arrive before its process or its file: the list joins it when reading, as it joins process_view.
create table plazo_view (
  process_id text primary key,
  file_code text not null,
  -- The organism bpm states; the list shows the plazo only on the row of that organism's expediente.
  organism text not null,
  plazo_id text not null,
  state text not null,
  -- Null while suspended.
  due_at timestamptz,
  near_from timestamptz,
  due_status text,
  version integer not null,
  -- What sort=plazo orders by: the due instant of a running or expired plazo; none (sorted last)
  -- for a suspended or closed one, which has nothing due.
  due_sort timestamptz generated always as (case when state in ('RUNNING', 'EXPIRED') then due_at end) stored
);
-- The list sorted by plazo (sort=plazo / -plazo): the plazos that count, read in due order either
-- way, the organism beside the instant so other organisms' plazos are skipped inside the index.
create index plazo_view_due_organism on plazo_view (due_sort, organism) where due_sort is not null;
