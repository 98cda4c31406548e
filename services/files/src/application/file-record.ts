import type { FileRecordResource } from '@tramita/contracts';
import type { Expediente } from '../domain/expediente.ts';

/** What users read about an expediente: the contract files serves it with (packages/contracts). */
export type FileRecord = FileRecordResource;

export function toRecord(expediente: Expediente): FileRecord {
  const s = expediente.state;
  return {
    code: s.code,
    organism: s.organism,
    unit: s.unit,
    processId: s.processId,
    initialOption: s.initialOption,
    description: s.description,
    status: s.status,
    finished: s.status === 'finished',
    currentPhase: s.currentPhase,
    documentIds: s.documentIds,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: s.updatedBy,
    version: s.version,
  };
}
