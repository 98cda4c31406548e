import type { InstanceState } from '@tramita/bpmn';
import { notFound } from '@tramita/kernel';
import type { ProcessDiagramResource } from '@tramita/contracts';
import type { OrganismCaller } from '@tramita/platform';
import type { BpmRepositories } from './ports.ts';
import { locateProcess } from './process-lookup.ts';

/**
 * What the diagram of an expediente's procedure shows (ADR 0015): the elements waiting now (open
 * tasks), how often each element and flow ran, and the open incidents. Only for a process the
 * engine runs; a phase-table procedure has no diagram (404). Another organism's is a missing one.
 */
export async function getProcessDiagram(deps: BpmRepositories, fileCode: string, caller: OrganismCaller, organism?: string): Promise<ProcessDiagramResource> {
  const process = await locateProcess(deps.processes, fileCode, caller, { organism });
  const root = await deps.instances.find(process.processId);
  if (!root) {
    throw notFound('process-diagram-not-found', `The procedure of ${fileCode} is a phase table, not a BPMN diagram.`, { fileCode });
  }
  const state = root.state as InstanceState;
  const tasks = await deps.tasks.ofProcess(process.processId);
  const incidents = await deps.instances.openIncidents(process.processId);
  return {
    procedure: { code: root.procedure.code, version: root.procedure.version, organism: root.procedure.catalogue },
    active: [...new Set(tasks.filter((task) => task.state === 'open' && task.instanceId === root.instanceId).map((task) => task.nodeId))],
    runs: { ...state.runs },
    flowsTaken: { ...state.flowsTaken },
    incidents: incidents
      .filter((incident) => incident.instanceId === root.instanceId)
      .map(({ incidentId, nodeId, message }) => ({ incidentId, nodeId, message })),
  };
}
