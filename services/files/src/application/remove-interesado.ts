import type { AuditedBy } from '@tramita/platform';
import type { MessageCause } from '@tramita/messaging';
import { historyEntry } from '../domain/interesado.ts';
import type { Caller } from './access.ts';
import { interesadoToChange } from './interesado-to-change.ts';
import type { FilesPorts } from './ports.ts';

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
    const { expediente, interesados, interesado } = await interesadoToChange(ports, trx, code, id, caller);
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
