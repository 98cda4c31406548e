import { createHash } from 'node:crypto';
import { conflict, unprocessable } from '@tramita/kernel';
import type { DeployProblem, ProcessModel } from '@tramita/bpmn';
import { requireCatalogueAdmin, type AuditedBy, type AuditRecorder, type OrganismCaller } from '@tramita/platform';
import { phasesOf } from '../domain/bpmn-phases.ts';
import { assertCodeFitsCatalogue } from './catalogue-clash.ts';
import { Procedure } from '../domain/procedure.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';

/** What reading a BPMN file gives (`@tramita/bpmn`'s readDefinitions with the expression checks wired in). */
export interface BpmnReading {
  processes: ProcessModel[];
  problems: DeployProblem[];
  warnings: DeployProblem[];
}
export type ReadBpmn = (xml: string) => Promise<BpmnReading>;

export interface DeployProcedureDeps {
  procedures: ProcedureRepository;
  readBpmn: ReadBpmn;
  /** The audit trail in this transaction: the new versions and their entries commit together. */
  audit: AuditRecorder;
  defaultOrganism: string;
}

/** One executable process of the file: the version it is now, and whether the deploy changed anything. */
export interface DeployedProcedure {
  code: string;
  name: string;
  version: number;
  /** True when the latest version came from an identical file: nothing was stored. */
  unchanged: boolean;
}

export interface DeployResult {
  procedures: DeployedProcedure[];
  /** What the file holds that the engine reads past (an unassigned task, another tool's attributes). */
  warnings: DeployProblem[];
}

/** A BPMN process id is the procedure's key: an XML name, kept to what paths and codes carry. */
const KEY = /^[A-Za-z_][A-Za-z0-9._-]{0,99}$/;

/**
 * Deploys a BPMN 2.0 file in an organism's catalogue (its admin) or the shared one (a platform
 * administrator), ADR 0015: every executable process becomes the next version of the procedure
 * its id names; a file identical to the latest version's is a no-op; anything the engine would
 * not run refuses the whole file (422) with every problem listed, and nothing is stored.
 */
export async function deployProcedure(
  deps: DeployProcedureDeps,
  input: { xml: string; organism?: string | undefined },
  caller: OrganismCaller,
  audited: AuditedBy,
): Promise<DeployResult> {
  const organism = input.organism ?? null;
  requireCatalogueAdmin(caller, organism, deps.defaultOrganism);
  const reading = await deps.readBpmn(input.xml);
  const problems = [...reading.problems, ...reading.processes.filter((process) => !KEY.test(process.id)).map(badKey)];
  if (problems.length > 0) {
    throw unprocessable('bpmn-not-executable', `The file cannot be deployed: ${summary(problems)}`, { problems, warnings: reading.warnings });
  }
  const sha256 = createHash('sha256').update(input.xml).digest('hex');
  const deployed: DeployedProcedure[] = [];
  for (const model of reading.processes) {
    deployed.push(await deployProcess(deps, model, organism, { xml: input.xml, sha256 }, audited));
  }
  return { procedures: deployed, warnings: reading.warnings };
}

async function deployProcess(
  deps: DeployProcedureDeps,
  model: ProcessModel,
  organism: string | null,
  file: { xml: string; sha256: string },
  audited: AuditedBy,
): Promise<DeployedProcedure> {
  const code = model.id;
  const name = model.name ?? code;
  await assertCodeFitsCatalogue(deps.procedures, code, organism);
  const latest = await deps.procedures.find(code, organism);
  if (latest && (await deps.procedures.findBpmn(code, organism, latest.version))?.sha256 === file.sha256) {
    return { code, name: latest.name, version: latest.version, unchanged: true };
  }
  const version = (latest?.version ?? 0) + 1;
  const procedure = Procedure.restore({ code, version, name, ...phasesOf(model) });
  if (!(await deps.procedures.add(procedure, organism, { xml: file.xml, model, sha256: file.sha256 }))) {
    throw conflict('procedure-version-conflict', `Version ${version} of ${code} was deployed meanwhile; retry.`);
  }
  await deps.audit.record({ action: 'procedure.deploy', organism, details: { code, version, sha256: file.sha256 } }, audited);
  return { code, name, version, unchanged: false };
}

const badKey = (process: ProcessModel): DeployProblem => ({
  elementId: process.id,
  type: 'bpmn:Process',
  line: null,
  message: `The process id "${process.id}" is the procedure's key: use at most 100 letters, digits, ".", "_" or "-", starting with a letter or "_".`,
});

function summary(problems: readonly DeployProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.elementId ?? p.type}${p.line === null ? '' : ` (line ${p.line})`}: ${p.message}`);
  return `${shown.join('; ')}${problems.length > shown.length ? `; and ${problems.length - shown.length} more` : ''}.`;
}
