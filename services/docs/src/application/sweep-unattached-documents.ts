import type { Clock } from '@tramita/kernel';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * Deletes uploads never attached to an expediente within `ttlHours` (abandoned forms): their
 * metadata first, then their bytes. Returns the ids removed.
 */
export async function sweepUnattachedDocuments(
  deps: { documents: DocumentRepository; blobs: BlobStore; clock: Clock },
  options: { ttlHours: number; batchSize?: number },
): Promise<string[]> {
  const cutoff = new Date(deps.clock.now().getTime() - options.ttlHours * 3_600_000);
  const batchSize = options.batchSize ?? 100;
  const removed: string[] = [];
  for (;;) {
    const candidates = await deps.documents.listUnattachedCreatedBefore(cutoff, batchSize);
    let progress = false;
    for (const id of candidates) {
      // Attached since it was listed: it stays.
      if (!(await deps.documents.removeIfUnattached(id))) continue;
      await deps.blobs.delete(id);
      removed.push(id);
      progress = true;
    }
    if (candidates.length < batchSize || !progress) return removed;
  }
}
