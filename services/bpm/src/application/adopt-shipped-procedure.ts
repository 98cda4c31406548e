import type { Actor } from '@tramita/kernel';
import type { MessageCause } from '@tramita/messaging';
import { decisionVariables } from '../domain/decision.ts';
import { deployProcedure, type ReadBpmn } from './deploy-procedure.ts';
import { runEngine, type EngineHost, type EngineRunDeps } from './engine-runner.ts';
import type { UnitOfWork } from './ports.ts';

/** bpm itself, acting on the platform's behalf when it ships or migrates a procedure. */
const PLATFORM = { username: 'bpm', isService: true, memberships: [] };
const SYSTEM: Actor = { username: 'bpm', displayName: 'Tramita (migración del procedimiento)' };
const cause = (what: string): MessageCause => ({ source: 'bpm', correlationId: `adopt-${what}`, causationId: null });

/**
 * The original procedure becomes its shipped BPMN file (ADR 0015, issue 13 point 2), forward-only:
 * (1) once, the file is deployed as the next version of the shared procedure `code` — unless some
 * version of it already came from a BPMN file; (2) every unfinished process still on a phase-table
 * version of it moves onto the BPMN version: its engine instance is started and walked through
 * the phases its history records (each completion by whoever made it), so its tasks, run counts
 * and the phase it waits in match; the history itself is kept as it is. Idempotent; each process
 * in its own transaction. Returns what it did.
 */
export async function adoptShippedProcedure(
  unitOfWork: UnitOfWork,
  engine: EngineHost,
  shipped: { code: string; xml: string; readBpmn: ReadBpmn; defaultOrganism: string },
): Promise<{ deployedVersion: number | null; migrated: string[]; skipped: string[] }> {
  const target = await unitOfWork.run(cause('deploy'), async (repositories, _outbox, audit) => {
    const latest = await repositories.procedures.find(shipped.code, null);
    for (let version = latest?.version ?? 0; version >= 1; version--) {
      if (await repositories.procedures.findBpmn(shipped.code, null, version)) return { version, deployed: false };
    }
    const result = await deployProcedure(
      { procedures: repositories.procedures, readBpmn: shipped.readBpmn, audit, defaultOrganism: shipped.defaultOrganism },
      { xml: shipped.xml },
      PLATFORM,
      { actor: SYSTEM, correlationId: 'adopt-deploy', sourceAddress: null },
    );
    const own = result.procedures.find((p) => p.code === shipped.code);
    return { version: own?.version ?? 0, deployed: true };
  });
  const migrated: string[] = [];
  const skipped: string[] = [];
  const candidates = await unitOfWork.run(cause('list'), (repositories) => repositories.processes.unfinishedOf(shipped.code, target.version));
  for (const processId of candidates) {
    const moved = await unitOfWork
      .run(cause(processId), async (repositories, outbox) => migrateOne({ ...repositories, ...engine, outbox }, processId, shipped.code, target.version))
      .catch(() => false);
    (moved ? migrated : skipped).push(processId);
  }
  return { deployedVersion: target.deployed ? target.version : null, migrated, skipped };
}

async function migrateOne(deps: EngineRunDeps, processId: string, code: string, version: number): Promise<boolean> {
  const found = await deps.processes.findById(processId);
  const process = found ? await deps.processes.lockByFileCode(found.fileCode, found.organism) : null;
  if (!process || process.finished || process.state().procedure.version === version || (await deps.instances.find(processId))) return false;
  const source = await deps.procedures.findBpmn(code, null, version);
  if (!source) return false;
  const history = process.state().history;
  const context = (actor: Actor) => ({ processId, organism: process.organism, fileCode: process.fileCode, actor });
  const start = {
    instanceId: processId,
    processId,
    parentInstanceId: null,
    parentCallId: null,
    procedure: { catalogue: null, code, version },
    state: null,
    version: 0,
    ended: false,
  };
  await runEngine(
    deps,
    { start, event: { type: 'start', variables: {}, initiator: history[0]?.enteredBy.username ?? null } },
    context(history[0]?.enteredBy ?? SYSTEM),
  );
  for (let i = 1; i < history.length; i++) {
    const from = history[i - 1]!.phase.code;
    const to = history[i]!.phase.code;
    const open = (await deps.tasks.ofProcess(processId)).find((task) => task.state === 'open' && task.nodeId === from);
    if (!open) throw new Error(`Process ${processId}: no open task at ${from} to replay ${from} → ${to}`);
    const variables = decisionVariables(source.model, from, to);
    await runEngine(
      deps,
      { instanceId: processId, event: { type: 'completeTask', taskId: open.taskId.slice(processId.length + 1), variables } },
      context(history[i]!.enteredBy),
    );
  }
  const loadedVersion = process.version;
  process.moveToVersion(version, deps.clock.now());
  return deps.processes.update(process, loadedVersion);
}
