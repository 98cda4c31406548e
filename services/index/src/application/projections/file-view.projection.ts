import { instant } from './instant.ts';
import type { FileSnapshot } from '@tramita/contracts';
import type { FileView } from './views.ts';

/** The files.events the index projects; both carry the expediente's full state. */
export type FileEvent = { type: 'FileCreated'; data: FileSnapshot } | { type: 'FileUpdated'; data: FileSnapshot };

/**
 * Pure projection of files.events into a {@link FileView}. Snapshots are state-carrying, so
 * the newest version simply replaces the view (every field, the initial option included: the
 * original index only refreshed the description). A snapshot not newer than the view is
 * ignored and the very same view returned, so redelivery and late arrivals change nothing.
 */
export function projectFileView(view: FileView | null, event: FileEvent, defaultOrganism: string): FileView | null {
  const snapshot = event.data;
  if (view && view.version >= snapshot.version) return view;
  return {
    code: snapshot.code,
    // Events written before organisms name none: those expedientes are the default organism's.
    organism: snapshot.organism ?? defaultOrganism,
    processId: snapshot.processId,
    initialOption: { code: snapshot.initialOption.code, name: snapshot.initialOption.name },
    description: snapshot.description,
    createdAt: instant(snapshot.createdAt),
    createdBy: { username: snapshot.createdBy.username, displayName: snapshot.createdBy.displayName },
    updatedAt: instant(snapshot.updatedAt),
    version: snapshot.version,
  };
}
