import type { FileListItem, FileView, ProcessView } from './views.ts';

/**
 * The list row for a file view and whatever is known of its process. The join is by the
 * file's `processId`, so the row is complete once both views exist, whichever came first; a
 * process that is unknown, deleted or belongs to another file contributes nothing.
 */
export function toFileListItem(file: FileView, process: ProcessView | null): FileListItem {
  const live = process?.status === 'live' && process.processId === file.processId ? process : null;
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
  };
}
