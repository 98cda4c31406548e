import type { FlowNode, ProcessModel, SequenceFlowModel } from '@tramita/bpmn';
import type { PhaseDefinition, TransitionDefinition } from './procedure.ts';

/**
 * The phase table of a BPMN procedure (ADR 0015, point 4): its user tasks are the phases, in
 * document order, and the end events of the process are its terminal phases. The ways out of a
 * phase are the outgoing flows of the exclusive gateway that follows its task (or its successors
 * when there is none), each leading to the next phase reached through steps that do not wait
 * (automatic tasks, markers, gateways). Who may take one is the flow's `tramita:candidateGroups`
 * and `tramita:unit`, else the task's candidate groups: `role` is the first of them.
 */
export function phasesOf(model: ProcessModel): { phases: PhaseDefinition[]; transitions: TransitionDefinition[] } {
  const nodes = Object.values(model.nodes);
  const isPhase = phaseOf(model);
  const phaseNodes = nodes.filter(isPhase);
  const initial = firstPhasesFrom(model, model.start, isPhase)[0] ?? phaseNodes[0]?.id;
  const phases = phaseNodes.map((node, i): PhaseDefinition => ({
    code: node.id,
    name: node.name ?? node.id,
    ordering: i + 1,
    initial: node.id === initial,
    terminal: node.kind === 'end',
  }));
  const transitions: TransitionDefinition[] = [];
  const seen = new Set<string>();
  for (const task of nodes) {
    if (task.kind !== 'userTask') continue;
    for (const way of waysOut(model, task)) {
      for (const to of firstPhasesFrom(model, way.flow.target, isPhase)) {
        const key = `${task.id}->${to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const groups = way.flow.candidateGroups.length > 0 ? way.flow.candidateGroups : task.assignment.candidateGroups;
        transitions.push({ from: task.id, to, role: groups[0] ?? '', ...(way.flow.unit ? { unit: way.flow.unit } : {}) });
      }
    }
  }
  return { phases, transitions };
}

/** Whether a node is a phase of the model: a user task, or an end event of the process itself. */
export const phaseOf =
  (model: ProcessModel) =>
  (node: FlowNode): boolean =>
    node.kind === 'userTask' || (node.kind === 'end' && node.scope === model.id);

/** The flows a person chooses among when a task ends: the following exclusive gateway's, else the task's own. */
export function waysOut(model: ProcessModel, task: FlowNode): { flow: SequenceFlowModel }[] {
  const own = task.outgoing.map((id) => model.flows[id]).filter((flow): flow is SequenceFlowModel => flow !== undefined);
  const next = own.length === 1 ? model.nodes[own[0]!.target] : undefined;
  const decision =
    next?.kind === 'exclusiveGateway' ? next.outgoing.map((id) => model.flows[id]).filter((flow): flow is SequenceFlowModel => flow !== undefined) : own;
  return decision.map((flow) => ({ flow }));
}

/** The phases first reached from `nodeId` through nodes that do not wait, in document order of discovery. */
export function firstPhasesFrom(model: ProcessModel, nodeId: string, isPhase: (node: FlowNode) => boolean = phaseOf(model)): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  const queue = [nodeId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (visited.has(id)) continue;
    visited.add(id);
    const node = model.nodes[id];
    if (!node) continue;
    if (isPhase(node)) {
      found.push(node.id);
      continue;
    }
    // A sub-process is entered at its start event; anything else passes on along its flows.
    if (node.kind === 'subProcess') queue.push(node.start);
    for (const flowId of node.outgoing) {
      const flow = model.flows[flowId];
      if (flow) queue.push(flow.target);
    }
  }
  return found;
}
