import type { ApiClient } from '../api/client.ts';

/** The query naming one version of a procedure in one catalogue (no organism: the shared catalogue, or the only one holding the code). */
export function procedureQuery(version: number, organism: string | null | undefined): string {
  const query = new URLSearchParams({ version: String(version) });
  if (organism) query.set('organism', organism);
  return query.toString();
}

/** The BPMN 2.0 file a procedure version was deployed from, as text. */
export async function loadProcedureXml(
  api: ApiClient,
  code: string,
  version: number,
  organism: string | null | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const path = `/api/procedures/${encodeURIComponent(code)}/bpmn?${procedureQuery(version, organism)}`;
  const response = await api.send('GET', path, { headers: { accept: 'application/xml' }, ...(signal ? { signal } : {}) });
  return response.text();
}
