import type { AuditedBy } from '@tramita/platform';
import type { InteresadoHistoryResource } from '@tramita/contracts';
import type { Caller } from './access.ts';
import { toHistoryEntryResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/** Every change to an expediente's interesados, oldest first, with the statement before and after. */
export async function interesadoHistory(
  ports: Pick<FilesPorts<unknown>, 'files' | 'interesados' | 'audit'>,
  code: string,
  caller: Caller,
  audited: AuditedBy,
): Promise<InteresadoHistoryResource> {
  const expediente = await visibleFile(ports.files, code, caller);
  const items = (await ports.interesados.history(keyOf(expediente))).map(toHistoryEntryResource);
  await ports.audit.recordAlone({ action: 'interesado.read-history', organism: expediente.organism, fileCode: expediente.code }, audited);
  return { items };
}
