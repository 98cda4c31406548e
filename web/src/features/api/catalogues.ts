import type { ApiClient } from './client.ts';

import type { CodeName, InitialOptionListResource, ProcedureListResource, ProcedureResource } from '@tramita/contracts';

export type { CodeName };

export async function loadInitialOptions(api: ApiClient, signal?: AbortSignal): Promise<CodeName[]> {
  return (await api.get<InitialOptionListResource>('/api/initial-options', signal)).items;
}

/** Every phase of every procedure (latest versions), in procedure order, without repeats. */
export async function loadPhases(api: ApiClient, signal?: AbortSignal): Promise<CodeName[]> {
  const { items } = await api.get<ProcedureListResource>('/api/procedures', signal);
  const procedures = await Promise.all(items.map((p) => api.get<ProcedureResource>(`/api/procedures/${encodeURIComponent(p.code)}`, signal)));
  const seen = new Map<string, CodeName>();
  for (const procedure of procedures) {
    for (const phase of [...procedure.phases].sort((a, b) => a.ordering - b.ordering)) {
      if (!seen.has(phase.code)) seen.set(phase.code, { code: phase.code, name: phase.name });
    }
  }
  return [...seen.values()];
}
