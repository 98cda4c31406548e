import type { AuditedBy } from '@tramita/platform';
import type { InteresadoResource } from '@tramita/contracts';
import type { MessageCause } from '@tramita/messaging';
import { assertFitsAmong, historyEntry, Interesado, type InteresadoDetails } from '../domain/interesado.ts';
import type { Caller } from './access.ts';
import { interesadoToChange } from './interesado-to-change.ts';
import { toInteresadoResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf } from './visible-file.ts';

/**
 * Replaces what is stated about an interesado of an open expediente, if it is still at
 * `expectedVersion` (a change never overwrites another blindly). A statement identical to the
 * current one changes nothing and writes no history.
 */
export async function changeInteresado<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  id: string,
  details: InteresadoDetails,
  expectedVersion: number,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<InteresadoResource> {
  return ports.unitOfWork.run(cause, async (trx) => {
    const { expediente, interesados, interesado } = await interesadoToChange(ports, trx, code, id, caller);
    const before = Interesado.restore(interesado.state);
    const at = ports.clock.now();
    if (interesado.change(details, caller, at, expectedVersion)) {
      assertFitsAmong(interesado, await interesados.listByFile(keyOf(expediente)));
      await interesados.update(interesado);
      await interesados.appendHistory(historyEntry('changed', before, interesado, caller, at));
      await ports.audit.record(
        trx,
        {
          action: 'interesado.change',
          organism: expediente.organism,
          fileCode: expediente.code,
          details: { interesadoId: id, document: interesado.document, version: interesado.state.version },
        },
        audited,
      );
    }
    return toInteresadoResource(interesado.state);
  });
}
