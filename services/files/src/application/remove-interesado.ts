import type { AuditedBy } from '@tramita/platform';
import type { MessageCause } from '@tramita/messaging';
import { assertInteresadosOpen, historyEntry, interesadoNotFound } from '../domain/interesado.ts';
import { requireRoleOnFile, type Caller } from './access.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/** Removes an interesado from an open expediente, if it is still at `expectedVersion`; its history stays. */
export async function removeInteresado<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  id: string,
  expectedVersion: number,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<void> {
  await ports.unitOfWork.run(cause, async (trx) => {
    const expediente = await visibleFile(ports.filesIn(trx), code, caller);
    requireRoleOnFile(caller, 'tramitador', expediente);
    const interesados = ports.interesadosIn(trx);
    const interesado = await interesados.findById(id);
    if (!interesado?.belongsTo(keyOf(expediente))) throw interesadoNotFound(id);
    assertInteresadosOpen(expediente.state);
    interesado.assertVersion(expectedVersion);
    await interesados.remove(id);
    await interesados.appendHistory(historyEntry('removed', interesado, null, caller, ports.clock.now()));
    await ports.audit.record(
      trx,
      { action: 'interesado.remove', organism: expediente.organism, fileCode: expediente.code, details: { interesadoId: id, document: interesado.document } },
      audited,
    );
  });
}
