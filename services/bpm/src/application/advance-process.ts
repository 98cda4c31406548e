import { conflict, type Actor, type Clock } from '@tramita/kernel';
import { canSeeOrganism, rolesIn, type OrganismCaller } from '@tramita/platform';
import type { BpmRepositories, Outbox } from './ports.ts';
import { loadProcedureOf, processNotFound } from './process-lookup.ts';
import { processView, publishProcessEvents, type ProcessView } from './process-view.ts';

export interface AdvanceProcessCommand {
  fileCode: string;
  /** Target phase code. */
  to: string;
  /** The version the caller saw (required: a transition never moves a process blindly); a different current version is a conflict. */
  expectedVersion: number;
  actor: Actor;
  /** Who moves it: the roles that count are those held in the expediente's organism (ADR 0013). */
  caller: OrganismCaller;
}

export interface AdvanceProcessDeps extends BpmRepositories {
  outbox: Outbox;
  clock: Clock;
}

/**
 * Moves the expediente's process to another phase, as its procedure and the caller's roles allow.
 * The process row stays locked until the transaction ends and the update is conditional on the
 * loaded version, so of two concurrent transitions exactly one wins.
 */
export async function advanceProcess(deps: AdvanceProcessDeps, command: AdvanceProcessCommand): Promise<ProcessView> {
  const process = await deps.processes.lockByFileCode(command.fileCode);
  if (!process || !canSeeOrganism(command.caller, process.organism)) throw processNotFound(command.fileCode);
  const roles = rolesIn(command.caller.memberships, process.organism);
  process.ensureVersion(command.expectedVersion);
  const procedure = await loadProcedureOf(deps, process);
  const loadedVersion = process.version;
  process.advance(procedure, { to: command.to, actor: command.actor, roles, now: deps.clock.now() });
  if (!(await deps.processes.update(process, loadedVersion))) {
    throw conflict('version-conflict', `The process of ${command.fileCode} changed meanwhile; reload it and retry.`);
  }
  publishProcessEvents(process, deps.outbox);
  return processView(process, procedure);
}
