-- A transition may be reserved to the members of one unit of the process's organism (ADR 0013:
-- roles per unit where the procedure says so). Existing transitions stay open to the role.
alter table procedure_transitions add column unit text;
