import type { InteresadoHistoryResource } from '@tramita/contracts';
import type { Caller } from './access.ts';
import { toHistoryEntryResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/** Every change to an expediente's interesados, oldest first, with the statement before and after. */
export async function interesadoHistory(
  ports: Pick<FilesPorts<unknown>, 'files' | 'interesados'>,
  code: string,
  caller: Caller,
): Promise<InteresadoHistoryResource> {
  const expediente = await visibleFile(ports.files, code, caller);
  return { items: (await ports.interesados.history(keyOf(expediente))).map(toHistoryEntryResource) };
}
