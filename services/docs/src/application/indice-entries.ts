import { DIGEST_URIS, type IndiceEntry } from '@tramita/eni/model';
import type { Document } from '../domain/document.ts';
import type { SedeTime } from './sede-time.ts';

/**
 * The índice electrónico's content from an expediente's documents (Ley 39/2015 art. 70.2; NTI
 * Expediente electrónico): the documents still in it, in incorporation order, each with the
 * SHA-256 of its current content, its date of incorporation and its order; documents filed in a
 * folder are grouped under it where its first document stands. Folders are never empty.
 */
export function indiceEntriesOf(documents: readonly Document[], sede: SedeTime): IndiceEntry[] {
  const present = documents
    .filter((document) => !document.removed && document.snapshot().eniIdentifier !== null)
    .sort((a, b) => (a.snapshot().position ?? 0) - (b.snapshot().position ?? 0));
  const entries: IndiceEntry[] = [];
  const folders = new Map<string, Extract<IndiceEntry, { kind: 'carpeta' }>>();
  for (const document of present) {
    const s = document.snapshot();
    const entry: IndiceEntry = {
      kind: 'documento',
      identificador: s.eniIdentifier!,
      valorHuella: s.sha256,
      funcionResumen: DIGEST_URIS.sha256,
      fechaIncorporacion: s.incorporatedAt ? sede.iso(s.incorporatedAt) : null,
      orden: s.position === null ? null : String(s.position),
    };
    if (s.folder === null) {
      entries.push(entry);
      continue;
    }
    let folder = folders.get(s.folder);
    if (!folder) {
      folder = { kind: 'carpeta', identificador: s.folder, entries: [] };
      folders.set(s.folder, folder);
      entries.push(folder);
    }
    folder.entries.push(entry);
  }
  return entries;
}

/** Every document entry of an índice, at any depth, in order. */
export function documentEntriesOf(entries: readonly IndiceEntry[]): Extract<IndiceEntry, { kind: 'documento' }>[] {
  return entries.flatMap((entry) => (entry.kind === 'documento' ? [entry] : documentEntriesOf(entry.entries)));
}
