import type { RelationListResource } from '@tramita/contracts';
import { organismsOf } from '@tramita/platform';
import type { Caller } from './access.ts';
import type { FilesPorts } from './ports.ts';
import { toRelationResource } from './relation-resource.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/**
 * The relations of an expediente the caller may see, both directions, oldest first: only those
 * whose other expediente is in the caller's organisms, chosen by the query itself (ADR 0013).
 */
export async function listRelations(ports: Pick<FilesPorts<unknown>, 'files' | 'relations'>, code: string, caller: Caller): Promise<RelationListResource> {
  const expediente = await visibleFile(ports.files, code, caller);
  const key = keyOf(expediente);
  const relations = await ports.relations.listOf(key, caller.isService ? null : organismsOf(caller.memberships));
  return { items: relations.map((relation) => toRelationResource(relation, key)) };
}
