-- Every expediente belongs to an organism (DIR3 code; ADR 0013). Rows written before organisms
-- existed get the installation's default organism (TRAMITA_DEFAULT_ORGANISM) when files starts:
-- the code is only known then, so the column stays nullable and nothing is guessed here.
alter table expedientes add column organism text;
create index expedientes_organism on expedientes (organism);
