import type { ProcessModel } from '@tramita/bpmn';
import type { Actor } from '@tramita/kernel';
import { Process } from '../domain/process.ts';
import type { Procedure } from '../domain/procedure.ts';
import { locateProcedureFor, type ProcedureRepository } from '../domain/procedure-repository.ts';
import { runEngine, type EngineRunDeps } from './engine-runner.ts';

/**
 * Starts the engine instance of a new expediente's process (ADR 0015): the instance's id is the
 * process's, its first phases are the user tasks the engine reached. The process row is written
 * by the caller after this (the instance's references to it are checked at commit).
 */
export async function startBpmnProcess(
  deps: EngineRunDeps,
  command: { processId: string; fileCode: string; organism: string; requestedBy: Actor },
  definition: { procedure: Procedure; catalogue: string | null; model: ProcessModel },
): Promise<Process> {
  const { procedure, catalogue, model } = definition;
  const progress = await runEngine(
    deps,
    {
      start: {
        instanceId: command.processId,
        processId: command.processId,
        parentInstanceId: null,
        parentCallId: null,
        procedure: { catalogue, code: procedure.code, version: procedure.version },
        state: null,
        version: 0,
        ended: false,
      },
      event: { type: 'start', variables: {}, initiator: command.requestedBy.username },
    },
    { processId: command.processId, organism: command.organism, fileCode: command.fileCode, actor: command.requestedBy },
  );
  const start = model.nodes[model.start];
  return Process.open({
    processId: command.processId,
    fileCode: command.fileCode,
    organism: command.organism,
    procedure: { code: procedure.code, version: procedure.version },
    start: { code: model.start, name: start?.name ?? model.start },
    entered: progress.entered,
    finished: progress.ended,
    actor: command.requestedBy,
    now: deps.clock.now(),
  });
}

/**
 * The called elements of a model's call activities, and of theirs, that name no procedure the
 * organism may use — checked before anything starts, so a start never stops half-written.
 */
export async function unresolvedCalls(procedures: ProcedureRepository, model: ProcessModel, organism: string, depth = 0): Promise<string[]> {
  if (depth > 10) return [];
  const missing: string[] = [];
  for (const node of Object.values(model.nodes)) {
    if (node.kind !== 'callActivity') continue;
    const located = await locateProcedureFor(procedures, node.calledElement, organism);
    const called = located ? await procedures.findBpmn(node.calledElement, located.catalogue, located.procedure.version) : null;
    if (!called) missing.push(node.calledElement);
    else if (called.model.id !== model.id) missing.push(...(await unresolvedCalls(procedures, called.model, organism, depth + 1)));
  }
  return [...new Set(missing)];
}
