import type { RelationResource } from '@tramita/contracts';
import type { FileKey } from '../domain/file-key.ts';
import type { FileRelation } from '../domain/file-relation.ts';

/** A relation as `file`, one of its two expedientes, shows it (packages/contracts). */
export function toRelationResource(relation: FileRelation, file: FileKey): RelationResource {
  const s = relation.state;
  const view = relation.seenFrom(file);
  return { id: s.id, kind: s.kind, direction: view.direction, other: view.other, createdAt: s.createdAt.toISOString(), createdBy: { ...s.createdBy } };
}
