import type { AuditedBy } from '@tramita/platform';
import type { InteresadoResource } from '@tramita/contracts';
import type { MessageCause } from '@tramita/messaging';
import { assertFitsAmong, assertInteresadosOpen, historyEntry, Interesado, interesadoDuplicate, type InteresadoDetails } from '../domain/interesado.ts';
import { requireRoleOnFile, type Caller } from './access.ts';
import { toInteresadoResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/**
 * Adds an interesado to an open expediente (Ley 39/2015 arts. 4 to 8), with its history row, in
 * one transaction. Needs `tramitador` in the expediente's organism. The expediente's row is
 * locked while it runs, so two requests never both pass the duplicate or the size check.
 */
export async function addInteresado<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  details: InteresadoDetails,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<InteresadoResource> {
  return ports.unitOfWork.run(cause, async (trx) => {
    const expediente = await visibleFile(ports.filesIn(trx), code, caller);
    requireRoleOnFile(caller, 'tramitador', expediente);
    assertInteresadosOpen(expediente.state);
    const at = ports.clock.now();
    const interesado = Interesado.add({ fileCode: expediente.code, organism: expediente.organism, details, by: caller, at });
    const interesados = ports.interesadosIn(trx);
    assertFitsAmong(interesado, await interesados.listByFile(keyOf(expediente)));
    if (!(await interesados.insert(interesado))) throw interesadoDuplicate(interesado.document);
    await interesados.appendHistory(historyEntry('added', null, interesado, caller, at));
    // The document number names the person; the rest of what was stated stays in the history.
    await ports.audit.record(
      trx,
      {
        action: 'interesado.add',
        organism: expediente.organism,
        fileCode: expediente.code,
        details: { interesadoId: interesado.id, document: interesado.document },
      },
      audited,
    );
    return toInteresadoResource(interesado.state);
  });
}
