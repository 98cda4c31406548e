-- Initial options are a catalogue per organism (ADR 0013, point 7): organism null is an option
-- shared by every organism, which is what every existing option stays. A code is unique within an
-- organism's catalogue; that no organism's code shadows a shared one is checked when adding, under
-- a table lock (a shared code is then unique across every catalogue).
alter table initial_options add column organism text null;
alter table initial_options drop constraint initial_options_pkey;
create unique index initial_options_organism_code on initial_options (coalesce(organism, ''), code);
create index initial_options_code on initial_options (code);
