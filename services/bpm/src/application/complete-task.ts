import { conflict, forbidden, validationError, type Actor } from '@tramita/kernel';
import type { TaskResource } from '@tramita/contracts';
import type { Variables } from '@tramita/bpmn';
import { unitsIn, type AuditedBy, type AuditRecorder, type OrganismCaller } from '@tramita/platform';
import { phasesOf } from '../domain/bpmn-phases.ts';
import { decisionVariables } from '../domain/decision.ts';
import type { Process } from '../domain/process.ts';
import type { Task } from '../domain/task.ts';
import { bpmnSourceOf, recordRun, runEngine, type EngineRunDeps } from './engine-runner.ts';
import type { BpmRepositories, Outbox } from './ports.ts';
import { taskResource, visibleTask, workerIn } from './task-access.ts';

export interface CompleteTaskDeps extends EngineRunDeps {
  outbox: Outbox;
  /** The audit trail in this transaction: the completion and its entry commit together. */
  audit: AuditRecorder;
}

type Caller = OrganismCaller & { username: string };

/** A way out of a task, as the task API offers it. */
export interface TaskDecision {
  to: { code: string; name: string };
  role: string;
  unit: string | null;
  allowed: boolean;
}

/**
 * The decision a task asks for (ADR 0015, point 4): the ways out of it in its procedure, each with
 * whether the caller may take it (its role, and its unit when it names one, in the expediente's organism).
 */
export async function decisionsOf(deps: Pick<BpmRepositories, 'instances' | 'procedures'>, task: Task, caller: Caller): Promise<TaskDecision[]> {
  const { instanceId, nodeId, organism } = task.state();
  const source = await bpmnSourceOf(deps, instanceId);
  if (!source) return [];
  const { phases, transitions } = phasesOf(source.model);
  const roles = workerIn(caller, organism).roles;
  const units = unitsIn(caller.memberships, organism);
  return transitions
    .filter((t) => t.from === nodeId)
    .map((t) => ({
      to: { code: t.to, name: phases.find((p) => p.code === t.to)?.name ?? t.to },
      role: t.role,
      unit: t.unit ?? null,
      allowed: (t.role === '' || roles.includes(t.role)) && (!t.unit || units.includes(t.unit)),
    }));
}

/**
 * Completes a work item (`POST /api/tasks/{id}/complete`): its assignee, or a candidate of an
 * unassigned one, with the decision it asks for when it has several ways out. The engine moves the
 * process on, the expediente's phase history records it, and the audit trail the completion.
 */
export async function completeTask(
  deps: CompleteTaskDeps,
  input: { taskId: string; decision?: string | undefined; variables?: Variables | undefined; expectedVersion?: number | undefined },
  caller: Caller,
  actor: Actor,
  audited: AuditedBy,
): Promise<TaskResource> {
  const task = await visibleTask(deps.tasks, input.taskId, caller, { lock: true });
  const { organism, fileCode, processId } = task.state();
  if (input.expectedVersion !== undefined && input.expectedVersion !== task.version) {
    throw conflict('version-conflict', `The task is at version ${task.version}, not ${input.expectedVersion}; reload it and retry.`, {
      currentVersion: task.version,
    });
  }
  task.assertCompletableBy(workerIn(caller, organism));
  const decisions = await decisionsOf(deps, task, caller);
  const chosen = input.decision === undefined ? (decisions.length === 1 ? decisions[0] : undefined) : decisions.find((d) => d.to.code === input.decision);
  if (decisions.length > 1 && input.decision === undefined) {
    throw validationError('decision-required', `Say which way task ${input.taskId} goes: ${decisions.map((d) => d.to.code).join(', ')}.`, {
      decisions: decisions.map((d) => d.to.code),
    });
  }
  if (input.decision !== undefined && !chosen) {
    throw validationError('unknown-decision', `Task ${input.taskId} cannot lead to ${input.decision}.`, { decisions: decisions.map((d) => d.to.code) });
  }
  if (chosen && !chosen.allowed) {
    throw forbidden(
      'decision-not-allowed',
      `Leading task ${input.taskId} to ${chosen.to.code} needs the role ${chosen.role}${chosen.unit ? ` in unit ${chosen.unit}` : ''}.`,
      {
        requiredRoles: [chosen.role],
        ...(chosen.unit ? { requiredUnit: chosen.unit } : {}),
      },
    );
  }
  const process = await deps.processes.lockByFileCode(fileCode, organism);
  if (!process || process.processId !== processId) throw conflict('process-changed', `The process of ${fileCode} changed meanwhile; retry.`);
  await completeOnEngine(deps, { task, process, decision: chosen?.to.code, variables: input.variables ?? {}, actor });
  await deps.audit.record(
    { action: 'task.complete', organism, fileCode, details: { taskId: input.taskId, node: task.state().nodeId, decision: chosen?.to.code ?? null } },
    audited,
  );
  const done = await deps.tasks.find(input.taskId);
  return taskResource((done ?? task).state());
}

/**
 * Hands a completion to the engine and records its progress in the expediente's process: the
 * decision becomes the variables that take its way out; the process is saved against the version
 * it was locked at. Shared by the task API and the transitions API.
 */
export async function completeOnEngine(
  deps: EngineRunDeps & { outbox: Outbox },
  input: { task: Task; process: Process; decision: string | undefined; variables: Variables; actor: Actor },
): Promise<void> {
  const { instanceId, nodeId, taskId } = input.task.state();
  const source = await bpmnSourceOf(deps, instanceId);
  if (!source) throw new Error(`Task ${taskId} belongs to no BPMN instance`);
  const decided = input.decision === undefined ? {} : decisionVariables(source.model, nodeId, input.decision);
  const context = { processId: input.process.processId, organism: input.process.organism, fileCode: input.process.fileCode, actor: input.actor };
  const engineTaskId = taskId.slice(instanceId.length + 1);
  const progress = await runEngine(
    deps,
    { instanceId, event: { type: 'completeTask', taskId: engineTaskId, variables: { ...input.variables, ...decided } } },
    context,
  );
  await recordRun(deps, input.process, progress, input.actor);
}
