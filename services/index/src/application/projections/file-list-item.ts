import type { FileListItem, FileView, PlazoView, ProcessView } from './views.ts';

/**
 * The list row for a file view and whatever is known of its process and plazo. The join is by the
 * file's `processId`, so the row is complete once the views exist, whichever came first; a
 * process that is unknown, deleted or belongs to another file contributes nothing, and neither
 * does its plazo, nor a plazo bpm states for another organism than the expediente's (ADR 0013).
 */
export function toFileListItem(file: FileView, process: ProcessView | null, plazo: PlazoView | null = null): FileListItem {
  const live = process?.status === 'live' && process.processId === file.processId ? process : null;
  const shown = live && plazo?.processId === file.processId && plazo.organism === file.organism ? plazo : null;
  return {
    code: file.code,
    organism: file.organism,
    initialOption: file.initialOption,
    description: file.description,
    createdAt: file.createdAt,
    createdBy: file.createdBy,
    updatedAt: live && Date.parse(live.updatedAt) > Date.parse(file.updatedAt) ? live.updatedAt : file.updatedAt,
    phase: live ? live.phase : null,
    finished: live ? live.finished : false,
    processId: file.processId,
    plazo: shown ? { state: shown.state, dueAt: shown.dueAt, nearFrom: shown.nearFrom, dueStatus: shown.dueStatus } : null,
  };
}
