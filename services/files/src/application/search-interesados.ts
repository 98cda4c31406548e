import type { AuditedBy } from '@tramita/platform';
import type { InteresadoSearchResource } from '@tramita/contracts';
import { parseIdentityDocument, validationError } from '@tramita/kernel';
import { organismsOf } from '@tramita/platform';
import type { Caller } from './access.ts';
import { toInteresadoResource } from './interesado-resource.ts';
import type { FilesPorts } from './ports.ts';

/** At most this many answers to one search: one person rarely appears in more expedientes. */
export const MAX_SEARCH_RESULTS = 500;

/**
 * Where a person (NIF, NIE or CIF) appears as interesado, newest first: only in expedientes of the
 * caller's organisms, a condition of the query itself (a service token acts in every organism).
 */
export async function searchInteresados(
  ports: Pick<FilesPorts<unknown>, 'interesados' | 'audit'>,
  document: string,
  caller: Caller,
  audited: AuditedBy,
): Promise<InteresadoSearchResource> {
  const parsed = parseIdentityDocument(document);
  if (!parsed.ok) throw validationError('invalid-document', parsed.reason, { field: 'document' });
  const organisms = caller.isService ? null : organismsOf(caller.memberships);
  const found = organisms?.length === 0 ? [] : await ports.interesados.searchByDocument(parsed.value, organisms, MAX_SEARCH_RESULTS);
  // A search for a person is a read of personal data (ADR 0014): under the caller's organism when
  // they have one, with what was sought and how many expedientes answered.
  await ports.audit.recordAlone(
    { action: 'interesado.search', organism: organisms?.length === 1 ? organisms[0]! : null, details: { document: parsed.value, found: found.length } },
    audited,
  );
  return { document: parsed.value, items: found.map((interesado) => toInteresadoResource(interesado.state)) };
}
