import type { AuditedBy } from '@tramita/platform';
import type { InteresadoListResource } from '@tramita/contracts';
import type { Caller } from './access.ts';
import { toInteresadoResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';
import { keyOf, visibleFile } from './visible-file.ts';

/** The current interesados of an expediente the caller may see (any role in its organism). */
export async function listInteresados(
  ports: Pick<FilesPorts<unknown>, 'files' | 'interesados' | 'audit'>,
  code: string,
  caller: Caller,
  audited: AuditedBy,
): Promise<InteresadoListResource> {
  const expediente = await visibleFile(ports.files, code, caller);
  const items = await ports.interesados.listByFile(keyOf(expediente));
  // Personal data: the read is recorded before the answer leaves (ADR 0014).
  await ports.audit.recordAlone(
    { action: 'interesado.read', organism: expediente.organism, fileCode: expediente.code, details: { count: items.length } },
    audited,
  );
  return { items: items.map((interesado) => toInteresadoResource(interesado.state)) };
}
