import { canSeeOrganism, type OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';

/**
 * Whether the caller may see a document (ADR 0013): an attached one, by the members of its
 * expediente's organism (and platform services); an unattached upload, by the members of its
 * uploader's organism. An upload with no organism (by someone who uploads for several, or from
 * before organisms) stays readable as before by whoever knows its id (an unguessable UUIDv7);
 * only its uploader or an administrator may delete it.
 */
export function canSeeDocument(caller: OrganismCaller, document: Document): boolean {
  if (caller.isService || document.organism === null) return true;
  return canSeeOrganism(caller, document.organism);
}
