import { conflict, forbidden, notFound, refusedAccess, type Actor } from '@tramita/kernel';
import type { Variables } from '@tramita/bpmn';
import { canSeeOrganism, hasRoleIn, type AuditedBy, type AuditRecorder, type OrganismCaller } from '@tramita/platform';
import { recordRun, runEngine, type EngineRunDeps } from './engine-runner.ts';
import type { Outbox } from './ports.ts';

export interface RetryIncidentDeps extends EngineRunDeps {
  outbox: Outbox;
  audit: AuditRecorder;
}

const incidentNotFound = (incidentId: string) => notFound('incident-not-found', `There is no open incident ${incidentId}.`, { incidentId });

/**
 * Retries a stuck token after its data were fixed (ADR 0015, point 5): an administrator of the
 * expediente's organism sets the variables the incident named, and the engine tries again — it
 * goes on, or raises a new incident saying what is still wrong. Another organism's incident is a
 * missing one.
 */
export async function retryIncident(
  deps: RetryIncidentDeps,
  input: { incidentId: string; variables: Variables },
  caller: OrganismCaller,
  actor: Actor,
  audited: AuditedBy,
): Promise<{ resolved: boolean; incidents: { incidentId: string; nodeId: string; message: string }[] }> {
  const incident = await deps.instances.findOpenIncident(input.incidentId);
  if (!incident) throw incidentNotFound(input.incidentId);
  const { organism, fileCode, processId, instanceId } = incident;
  if (!canSeeOrganism(caller, organism)) throw refusedAccess(incidentNotFound(input.incidentId), { organism, fileCode });
  if (!caller.isService && !hasRoleIn(caller.memberships, 'admin', organism)) {
    throw forbidden('role-required', `Retrying an incident needs the role admin in organism ${organism}.`, { requiredRoles: ['admin'] });
  }
  const process = await deps.processes.lockByFileCode(fileCode, organism);
  if (!process || process.processId !== processId) throw conflict('process-changed', `The process of ${fileCode} changed meanwhile; retry.`);
  const engineId = input.incidentId.slice(instanceId.length + 1);
  const progress = await runEngine(
    deps,
    { instanceId, event: { type: 'retryIncident', incidentId: engineId, variables: input.variables } },
    { processId, organism, fileCode, actor },
  );
  await recordRun(deps, process, progress, actor);
  await deps.audit.record({ action: 'incident.retry', organism, fileCode, details: { incidentId: input.incidentId, node: incident.nodeId } }, audited);
  const open = await deps.instances.openIncidents(processId);
  return {
    resolved: !open.some((i) => i.incidentId === input.incidentId),
    incidents: open.map(({ incidentId, nodeId, message }) => ({ incidentId, nodeId, message })),
  };
}
