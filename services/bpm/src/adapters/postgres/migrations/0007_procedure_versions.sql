-- Procedure codes are unique per catalogue, not across the installation (ADR 0013): two organisms
-- may each publish their own procedure LICENCIA, and publishing one never reveals that another
-- organism uses the code. A code stays in one of the shared catalogue or organisms' catalogues,
-- so a process (organism, procedure code, version) still names exactly one definition: its
-- organism's, else the shared one. Every version moves, phases and transitions included, into one
-- row per (catalogue, code, version) holding the definition as JSON; the old tables go once copied.
create table procedure_versions (
  -- '' is the catalogue shared by every organism; otherwise the organism's DIR3 code.
  catalogue text not null,
  code text not null,
  version integer not null check (version > 0),
  name text not null,
  -- {"phases": [{code, name, ordering, initial, terminal}], "transitions": [{from, to, role, unit?}]}
  definition jsonb not null,
  published_at timestamptz not null,
  primary key (catalogue, code, version)
);
create index procedure_versions_code on procedure_versions (code);

insert into procedure_versions (catalogue, code, version, name, definition, published_at)
select
  coalesce(p.organism, ''),
  p.code,
  p.version,
  p.name,
  jsonb_build_object(
    'phases',
    coalesce(
      (select jsonb_agg(jsonb_build_object('code', ph.code, 'name', ph.name, 'ordering', ph.ordering, 'initial', ph.initial, 'terminal', ph.terminal) order by ph.ordering)
       from procedure_phases ph where ph.procedure_code = p.code and ph.procedure_version = p.version),
      '[]'::jsonb),
    'transitions',
    coalesce(
      (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('from', t.from_phase, 'to', t.to_phase, 'role', t.role, 'unit', t.unit)) order by t.from_phase, t.to_phase)
       from procedure_transitions t where t.procedure_code = p.code and t.procedure_version = p.version),
      '[]'::jsonb)
  ),
  p.published_at
from procedures p;

alter table processes drop constraint processes_procedure_code_procedure_version_fkey;
drop table procedure_transitions;
drop table procedure_phases;
drop table procedures;
