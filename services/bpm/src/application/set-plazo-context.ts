import type { FilePlazosResource, PlazoContextRequest } from '@tramita/contracts';
import type { Actor } from '@tramita/kernel';
import type { AuditedBy, AuditRecorder, OrganismCaller } from '@tramita/platform';
import { Plazo } from '../domain/plazo.ts';
import { listPlazos } from './list-plazos.ts';
import { requirePlazoManager } from './plazo-access.ts';
import { locateProcess } from './process-lookup.ts';
import { recomputePlazos, type RecomputeDeps } from './recompute-plazos.ts';

/**
 * States the interested party's residence and the channel of the expediente (art. 30.6: a day
 * inhábil where they reside counts as inhábil, except for acts through the electronic registry,
 * art. 31.3), and counts its open plazos again. Only the plazos' managers may.
 */
export async function setPlazoContext(
  deps: RecomputeDeps & { audit: AuditRecorder },
  target: { fileCode: string; organism?: string | undefined; caller: OrganismCaller; actor: Actor; audited: AuditedBy },
  request: PlazoContextRequest,
): Promise<FilePlazosResource> {
  const process = await locateProcess(deps.processes, target.fileCode, target.caller, { organism: target.organism });
  const maximum = (await deps.plazos.ofProcess(process.processId)).find((plazo) => plazo.kind === 'MAXIMO');
  if (maximum) requirePlazoManager(Plazo.restore(maximum), target.caller, process.organism);
  await deps.plazos.saveContext(process.processId, { residence: request.residence, channel: request.channel }, deps.clock.now());
  const reason = 'residencia del interesado o canal indicados (art. 30.6 de la Ley 39/2015)';
  await recomputePlazos(deps, await deps.plazos.openOfProcess(process.processId), reason, target.actor);
  await deps.audit.record(
    { action: 'plazo.context', organism: process.organism, fileCode: process.fileCode, details: { channel: request.channel, residence: request.residence } },
    target.audited,
  );
  return listPlazos(deps, target.fileCode, target.caller, process.organism);
}
