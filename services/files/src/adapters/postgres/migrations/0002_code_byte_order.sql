-- The consistency check pages through expedientes in byte order of their code.
create index expedientes_code_c on expedientes ((code collate "C"));
