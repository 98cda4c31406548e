-- Procedures deployed as BPMN 2.0 files (ADR 0015): the file as deployed (served back unchanged,
-- shown by the diagram viewer), the executable model read from it, and the file's SHA-256 so
-- that deploying an identical file again is a no-op. Procedures published as a phase table keep
-- these null; `definition` holds the phases and transitions of both kinds (for a BPMN one, as
-- derived from its user tasks and decisions), so the existing procedure and transition answers
-- stay the same.
alter table procedure_versions add column bpmn_xml text;
alter table procedure_versions add column bpmn_model jsonb;
alter table procedure_versions add column content_sha256 text;
alter table procedure_versions add constraint procedure_versions_bpmn_whole
  check ((bpmn_xml is null) = (bpmn_model is null) and (bpmn_xml is null) = (content_sha256 is null));
