-- The responsible unit (DIR3) of each expediente within its organism (ADR 0013): chosen at
-- creation among the creator's units there. Expedientes created before stay without one.
alter table expedientes add column unit text;
