import { canSeeOrganism, type OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';

/**
 * Whether the caller may see a document (ADR 0013): an attached one, by the members of its
 * expediente's organism (and platform services). An unattached upload belongs to no organism
 * yet: it stays readable as before by whoever knows its id (an unguessable UUIDv7), and only its
 * uploader or an administrator may delete it; tying uploads to the uploader's organism is a
 * later step.
 */
export function canSeeDocument(caller: OrganismCaller, document: Document): boolean {
  if (caller.isService || document.organism === null) return true;
  return canSeeOrganism(caller, document.organism);
}
