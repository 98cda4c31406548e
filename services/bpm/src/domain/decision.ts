import { decisionOf, type ProcessModel, type Variables } from '@tramita/bpmn';
import { illegalState } from '@tramita/kernel';
import { firstPhasesFrom, waysOut } from './bpmn-phases.ts';

/**
 * The variables that make a task's process take the way out to phase `to` (ADR 0015, point 4):
 * the assignment that makes that flow's condition true (`${siguienteFase == 'VALIDADO'}` →
 * `siguienteFase = 'VALIDADO'`); for an unconditioned or default way, the variables its sibling
 * conditions test are set to `to`, which none of them expects. Refused when no way leads there.
 */
export function decisionVariables(model: ProcessModel, taskNodeId: string, to: string): Variables {
  const task = model.nodes[taskNodeId];
  const ways = task ? waysOut(model, task) : [];
  const chosen = ways.find((way) => firstPhasesFrom(model, way.flow.target).includes(to));
  if (!task || !chosen) {
    throw illegalState('transition-not-allowed', `The procedure does not allow moving from ${taskNodeId} to ${to}.`, { from: taskNodeId, to });
  }
  const own = chosen.flow.condition === null ? null : decisionOf(chosen.flow.condition);
  if (own) return { [own.variable]: own.value };
  const variables: Variables = {};
  for (const way of ways) {
    const sibling = way.flow.condition === null ? null : decisionOf(way.flow.condition);
    if (sibling && sibling.value !== to) variables[sibling.variable] = to;
  }
  return variables;
}
