import { assertInteresadosOpen, interesadoNotFound, type Interesado } from '../domain/interesado.ts';
import type { Expediente } from '../domain/expediente.ts';
import type { InteresadoRepository } from '../domain/interesado-repository.ts';
import { requireRoleOnFile, type Caller } from './access.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/**
 * The interesado `id` of expediente `code`, loaded in `trx` for a change by `caller`: the
 * expediente must be visible (404 as missing otherwise), open, and the caller a `tramitador` of
 * its organism; an id of another expediente is answered as a missing one, whoever may see that
 * other one.
 */
export async function interesadoToChange<Tx>(
  ports: FilesPorts<Tx>,
  trx: Tx,
  code: string,
  id: string,
  caller: Caller,
): Promise<{ expediente: Expediente; interesados: InteresadoRepository; interesado: Interesado }> {
  const expediente = await visibleFile(ports.filesIn(trx), code, caller);
  requireRoleOnFile(caller, 'tramitador', expediente);
  const interesados = ports.interesadosIn(trx);
  const interesado = await interesados.findById(id);
  if (!interesado?.belongsTo(keyOf(expediente))) throw interesadoNotFound(id);
  assertInteresadosOpen(expediente.state);
  return { expediente, interesados, interesado };
}
