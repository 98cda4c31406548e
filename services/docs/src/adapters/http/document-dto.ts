import { z } from 'zod';
import type { Document } from '../../domain/document.ts';

const actorDto = z.object({
  username: z.string(),
  displayName: z.string().describe('"Apellidos, Nombre"'),
});

/** A document's metadata as the API shows it (no storage location, ever). */
export const documentDto = z.object({
  id: z.string().describe('UUIDv7'),
  name: z.string().describe('Original file name, sanitised'),
  mediaType: z.string().describe('Detected from the content'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('Hex SHA-256 of the content'),
  fileCode: z.string().nullable().describe('Expediente it is attached to; null until attached'),
  createdAt: z.string().describe('ISO 8601'),
  createdBy: actorDto,
  updatedAt: z.string().describe('ISO 8601'),
  updatedBy: actorDto,
});

export type DocumentDto = z.infer<typeof documentDto>;

export function toDocumentDto(document: Document): DocumentDto {
  const s = document.snapshot();
  return {
    id: s.id,
    name: s.name,
    mediaType: s.mediaType,
    size: s.size,
    sha256: s.sha256,
    fileCode: s.fileCode,
    createdAt: s.createdAt.toISOString(),
    createdBy: { username: s.createdBy.username, displayName: s.createdBy.displayName },
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: { username: s.updatedBy.username, displayName: s.updatedBy.displayName },
  };
}
