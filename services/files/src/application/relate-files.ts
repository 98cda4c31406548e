import type { AuditedBy } from '@tramita/platform';
import type { RelationResource } from '@tramita/contracts';
import type { MessageCause } from '@tramita/messaging';
import { assertRoomForRelation, FileRelation, relationExists, type RelationKind } from '../domain/file-relation.ts';
import { requireRoleOnFile, type Caller } from './access.ts';
import type { FilesPorts } from './ports.ts';
import { toRelationResource } from './relation-resource.ts';
import type { Expediente } from '../domain/expediente.ts';
import type { FileKey } from '../domain/file-key.ts';
import { keyOf, ownerOf, shownOrMissing } from './visible-file.ts';

export interface RelateFilesInput {
  kind: RelationKind;
  /** The other expediente. */
  code: string;
  /** Its organism, when the caller says which. */
  organism?: string | undefined;
}

/**
 * Relates expediente `code` to another one. The caller needs `tramitador` in `code`'s organism
 * and must see the other expediente: one they may not see is answered as a missing one, with the
 * code they typed (ADR 0013).
 */
export async function relateFiles<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  input: RelateFilesInput,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<RelationResource> {
  return ports.unitOfWork.run(cause, async (trx) => {
    const files = ports.filesIn(trx);
    const fromKey = { organism: await ownerOf(files, code, caller), code };
    const toKey = { organism: await ownerOf(files, input.code, caller, input.organism), code: input.code };
    // Both rows are locked in one order, so A→B and B→A stated at once wait for each other
    // instead of deadlocking; and neither side's count of relations can move meanwhile.
    const byKey = (a: FileKey, b: FileKey) => a.organism.localeCompare(b.organism) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    const locked = new Map<string, Expediente | null>();
    for (const key of [fromKey, toKey].sort(byKey)) locked.set(`${key.organism}/${key.code}`, await files.findByCode(key.code, key.organism));
    const from = shownOrMissing(locked.get(`${fromKey.organism}/${fromKey.code}`) ?? null, code);
    requireRoleOnFile(caller, 'tramitador', from);
    const to = shownOrMissing(locked.get(`${toKey.organism}/${toKey.code}`) ?? null, input.code);
    const relation = FileRelation.relate({ kind: input.kind, from: keyOf(from), to: keyOf(to), by: caller, at: ports.clock.now() });
    const relations = ports.relationsIn(trx);
    assertRoomForRelation(keyOf(from), await relations.countOf(keyOf(from)));
    assertRoomForRelation(keyOf(to), await relations.countOf(keyOf(to)));
    if (!(await relations.insert(relation))) throw relationExists(relation);
    await ports.audit.record(
      trx,
      {
        action: 'relation.add',
        organism: from.organism,
        fileCode: from.code,
        details: { relationId: relation.id, kind: input.kind, other: { organism: to.organism, code: to.code } },
      },
      audited,
    );
    return toRelationResource(relation, keyOf(from));
  });
}
