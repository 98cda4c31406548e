import type { InteresadoListResource } from '@tramita/contracts';
import type { Caller } from './access.ts';
import { toInteresadoResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/** The current interesados of an expediente the caller may see (any role in its organism). */
export async function listInteresados(
  ports: Pick<FilesPorts<unknown>, 'files' | 'interesados'>,
  code: string,
  caller: Caller,
): Promise<InteresadoListResource> {
  const expediente = await visibleFile(ports.files, code, caller);
  const items = await ports.interesados.listByFile(keyOf(expediente));
  return { items: items.map((interesado) => toInteresadoResource(interesado.state)) };
}
