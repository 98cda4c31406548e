import { conflict, illegalState, type Actor } from '@tramita/kernel';
import { rolesIn, unitsIn, type AuditedBy, type AuditRecorder, type OrganismCaller } from '@tramita/platform';
import type { Outbox } from './ports.ts';
import { completeOnEngine } from './complete-task.ts';
import type { EngineRunDeps } from './engine-runner.ts';
import { loadProcedureOf, locateProcess, runsOnEngine } from './process-lookup.ts';
import { processView, publishProcessEvents, type ProcessView } from './process-view.ts';
import { closeProcessPlazos } from './tramite-plazos.ts';

export interface AdvanceProcessCommand {
  fileCode: string;
  /** Target phase code. */
  to: string;
  /** The version the caller saw (required: a transition never moves a process blindly); a different current version is a conflict. */
  expectedVersion: number;
  actor: Actor;
  /** Who moves it: the roles that count are those held in the expediente's organism (ADR 0013). */
  caller: OrganismCaller;
  /** Which organism's expediente, when two of the caller's hold the code (`?organism=`). */
  organism?: string | undefined;
  /** Who asked, from where, in which request: the audit entry's attribution (ADR 0014). */
  audited: AuditedBy;
}

export interface AdvanceProcessDeps extends EngineRunDeps {
  outbox: Outbox;
  /** The audit trail in this transaction: the transition and its entry commit together. */
  audit: AuditRecorder;
}

/**
 * Moves the expediente's process to another phase, as its procedure and the caller's roles allow.
 * The process row stays locked until the transaction ends and the update is conditional on the
 * loaded version, so of two concurrent transitions exactly one wins.
 */
export async function advanceProcess(deps: AdvanceProcessDeps, command: AdvanceProcessCommand): Promise<ProcessView> {
  const process = await locateProcess(deps.processes, command.fileCode, command.caller, { organism: command.organism, lock: true });
  const from = process.phase.code;
  const roles = rolesIn(command.caller.memberships, process.organism);
  process.ensureVersion(command.expectedVersion);
  const procedure = await loadProcedureOf(deps, process);
  const loadedVersion = process.version;
  const transition = { to: command.to, roles, units: unitsIn(command.caller.memberships, process.organism) };
  if (await runsOnEngine(deps, process)) {
    // A BPMN procedure (ADR 0015): the phase is an open user task, the transition its decision.
    process.checkTransition(procedure, transition);
    const open = (await deps.tasks.ofProcess(process.processId)).find((task) => task.state === 'open' && task.nodeId === from);
    const task = open ? await deps.tasks.lock(open.taskId) : null;
    if (!task) throw illegalState('transition-not-allowed', `Phase ${from} has no open task to complete.`, { from, to: command.to });
    await completeOnEngine(deps, { task, process, decision: command.to, variables: {}, actor: command.actor });
  } else {
    process.advance(procedure, { ...transition, actor: command.actor, now: deps.clock.now() });
    if (!(await deps.processes.update(process, loadedVersion))) {
      throw conflict('version-conflict', `The process of ${command.fileCode} changed meanwhile; reload it and retry.`);
    }
    publishProcessEvents(process, deps.outbox);
    // The expediente ended: its plazos no longer run (art. 21: the resolution ends the procedure).
    if (process.finished) await closeProcessPlazos(deps, process.processId, command.actor, deps.clock.now(), 'El procedimiento ha terminado.');
  }
  // Last: the entry holds the audit chain's head until commit (ADR 0014).
  await deps.audit.record(
    { action: 'process.transition', organism: process.organism, fileCode: command.fileCode, details: { from, to: command.to, version: process.version } },
    command.audited,
  );
  return processView(process, procedure);
}
