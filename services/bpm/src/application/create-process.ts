import type { EngineServices, PlazoCounter } from '@tramita/bpmn';
import type { Actor, Clock } from '@tramita/kernel';
import { Process } from '../domain/process.ts';
import type { Procedure } from '../domain/procedure.ts';
import { findProcedureFor, locateProcedureFor } from '../domain/procedure-repository.ts';
import { startBpmnProcess, unresolvedCalls } from './start-bpmn-process.ts';
import type { BpmRepositories, Outbox } from './ports.ts';
import { publishProcessEvents } from './process-view.ts';
import { openMaximumPlazo, plazoSubjectOf } from './open-maximum-plazo.ts';
import type { CalendarDefaults } from './legal-calendar.ts';

export interface CreateProcessCommand {
  processId: string;
  fileCode: string;
  /** Omitted: the default procedure. */
  procedureCode?: string | undefined;
  /** The expediente's organism; omitted in commands sent before organisms (then the default one). */
  organism?: string | undefined;
  requestedBy: Actor;
}

export type CreateProcessResult = { outcome: 'created' | 'already-created'; process: Process; procedure: Procedure } | { outcome: 'refused'; reason: string };

export interface CreateProcessDeps extends BpmRepositories {
  outbox: Outbox;
  clock: Clock;
  /** The BPMN engine's services (conditions, values, timers), for procedures deployed as BPMN files. */
  /** The engine's services at `now`, with the count of plazos in legal units (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs (ADR 0016). */
  calendarDefaults: CalendarDefaults;
  defaultProcedureCode: string;
  /** The organism of commands sent before organisms existed (ADR 0013). */
  defaultOrganism: string;
}

/**
 * Opens a process in the initial phase of the latest version of its procedure, which must be
 * shared or of the expediente's organism. A repeated command for the same process answers as
 * the first did; anything else that cannot be honoured is refused and creates nothing.
 */
export async function createProcess(deps: CreateProcessDeps, command: CreateProcessCommand): Promise<CreateProcessResult> {
  const procedureCode = command.procedureCode ?? deps.defaultProcedureCode;
  if (await deps.processes.findTombstone(command.processId)) {
    return { outcome: 'refused', reason: `Process ${command.processId} was deleted and cannot be created again.` };
  }
  const existing = await deps.processes.findById(command.processId);
  if (existing) {
    const state = existing.state();
    const procedure = await findProcedureFor(deps.procedures, state.procedure.code, state.organism, state.procedure.version);
    if (state.fileCode === command.fileCode && state.procedure.code === procedureCode && procedure) {
      return { outcome: 'already-created', process: existing, procedure };
    }
    return { outcome: 'refused', reason: `Process ${command.processId} already exists for another expediente or procedure.` };
  }
  const organism = command.organism ?? deps.defaultOrganism;
  // Shared or of the expediente's organism (ADR 0013): another organism's procedure is refused as a missing one.
  const located = await locateProcedureFor(deps.procedures, procedureCode, organism);
  if (!located) return { outcome: 'refused', reason: `Unknown procedure ${procedureCode}: neither shared nor of organism ${organism}.` };
  const { procedure, catalogue } = located;
  if (await deps.processes.findByFileCode(command.fileCode, organism)) {
    return { outcome: 'refused', reason: `Expediente ${command.fileCode} of ${organism} already has a process.` };
  }
  const bpmn = await deps.procedures.findBpmn(procedure.code, catalogue, procedure.version);
  if (bpmn) {
    const missing = await unresolvedCalls(deps.procedures, bpmn.model, organism);
    if (missing.length > 0)
      return { outcome: 'refused', reason: `Procedure ${procedure.code} calls ${missing.join(', ')}, not procedures of organism ${organism}.` };
    const process = await startBpmnProcess(deps, { ...command, organism }, { procedure, catalogue, model: bpmn.model });
    await deps.processes.insert(process);
    publishProcessEvents(process, deps.outbox);
    await openMaximumPlazo(deps, plazoSubjectOf(process), procedure, bpmn.model, command.requestedBy);
    return { outcome: 'created', process, procedure };
  }
  const process = Process.start({
    processId: command.processId,
    fileCode: command.fileCode,
    organism,
    procedure,
    actor: command.requestedBy,
    now: deps.clock.now(),
  });
  await deps.processes.insert(process);
  publishProcessEvents(process, deps.outbox);
  await openMaximumPlazo(deps, plazoSubjectOf(process), procedure, null, command.requestedBy);
  return { outcome: 'created', process, procedure };
}
