-- The consistency check pages through processes in byte order of their expediente's code.
create index processes_file_code_c on processes ((file_code collate "C"));
