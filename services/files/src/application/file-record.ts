import type { Actor } from '@tramita/kernel';
import type { CodeName, Expediente, FileStatus } from '../domain/expediente.ts';

/** What users read about an expediente. */
export interface FileRecord {
  code: string;
  processId: string;
  initialOption: CodeName;
  description: string;
  status: FileStatus;
  finished: boolean;
  currentPhase: CodeName | null;
  documentIds: string[];
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
  version: number;
}

export function toRecord(expediente: Expediente): FileRecord {
  const s = expediente.state;
  return {
    code: s.code,
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
