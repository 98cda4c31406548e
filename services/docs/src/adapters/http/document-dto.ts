import { documentResourceSchema, type DocumentResource } from '@tramita/contracts';
import type { Document } from '../../domain/document.ts';

/** A document's metadata as the API shows it: the contract its readers use (no storage location, ever). */
export const documentDto = documentResourceSchema;
export type DocumentDto = DocumentResource;

export function toDocumentDto(document: Document): DocumentDto {
  const s = document.snapshot();
  return {
    id: s.id,
    name: s.name,
    mediaType: s.mediaType,
    size: s.size,
    sha256: s.sha256,
    fileCode: s.fileCode,
    organism: s.organism,
    createdAt: s.createdAt.toISOString(),
    createdBy: { username: s.createdBy.username, displayName: s.createdBy.displayName },
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: { username: s.updatedBy.username, displayName: s.updatedBy.displayName },
  };
}
