import { instant } from './instant.ts';
import type { ProcessSnapshot } from '@tramita/contracts';
import type { ProcessView } from './views.ts';

/** The bpm.events the index projects. */
export type ProcessEvent =
  | { type: 'ProcessStarted'; data: ProcessSnapshot }
  | { type: 'ProcessAdvanced'; data: ProcessSnapshot }
  | { type: 'ProcessDeleted'; data: { processId: string; fileCode: string; version: number } };

/**
 * Pure projection of bpm.events into a {@link ProcessView}. Only a newer version is applied;
 * otherwise the same view is returned. ProcessDeleted leaves a tombstone carrying its version
 * (greater than any before it), so a late ProcessStarted or ProcessAdvanced cannot resurrect
 * the process of a compensated saga.
 */
export function projectProcessView(view: ProcessView | null, event: ProcessEvent): ProcessView | null {
  if (view && view.version >= event.data.version) return view;
  if (event.type === 'ProcessDeleted') {
    return { status: 'deleted', processId: event.data.processId, fileCode: event.data.fileCode, version: event.data.version };
  }
  const snapshot = event.data;
  return {
    status: 'live',
    processId: snapshot.processId,
    fileCode: snapshot.fileCode,
    ...(snapshot.organism ? { organism: snapshot.organism } : {}),
    phase: { code: snapshot.phase.code, name: snapshot.phase.name },
    finished: snapshot.finished,
    startedAt: instant(snapshot.startedAt),
    updatedAt: instant(snapshot.updatedAt),
    version: snapshot.version,
  };
}
