import type { AuditedBy } from '@tramita/platform';
import { DomainError, refusedAccess } from '@tramita/kernel';
import type { MessageCause } from '@tramita/messaging';
import { canSeeOrganism, hasRoleIn } from '@tramita/platform';
import { relationNotFound } from '../domain/file-relation.ts';
import type { Caller } from './access.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/**
 * Removes relation `id` from expediente `code`'s relations (and so from the other's). The caller
 * must see both expedientes (a relation to one they cannot see is not theirs to know of: 404) and
 * hold `tramitador` in the organism of either.
 */
export async function unrelateFiles<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  id: string,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<void> {
  await ports.unitOfWork.run(cause, async (trx) => {
    const expediente = await visibleFile(ports.filesIn(trx), code, caller);
    const relations = ports.relationsIn(trx);
    const relation = await relations.findById(id);
    if (!relation?.involves(keyOf(expediente))) throw relationNotFound(id);
    const other = relation.seenFrom(keyOf(expediente)).other;
    if (!canSeeOrganism(caller, other.organism)) throw refusedAccess(relationNotFound(id), { organism: other.organism, fileCode: other.code });
    if (![expediente.organism, other.organism].some((organism) => hasRoleIn(caller.memberships, 'tramitador', organism))) {
      throw new DomainError('role-required', 'forbidden', 'Removing a relation needs the role tramitador in the organism of one of its expedientes.', {
        requiredRoles: ['tramitador'],
      });
    }
    await relations.remove(id);
    await ports.audit.record(
      trx,
      {
        action: 'relation.remove',
        organism: expediente.organism,
        fileCode: expediente.code,
        details: { relationId: id, other: { organism: other.organism, code: other.code } },
      },
      audited,
    );
  });
}
