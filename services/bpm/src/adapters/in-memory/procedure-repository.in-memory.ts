import { Procedure } from '../../domain/procedure.ts';
import type { BpmnSource, CatalogueReach, ProcedureRepository, ProcedureSummary } from '../../domain/procedure-repository.ts';

interface Stored {
  catalogue: string | null;
  procedure: Procedure;
  bpmn: BpmnSource | null;
}

/** Procedure definitions kept in memory (unit tests); those given to the constructor are shared. */
export class InMemoryProcedureRepository implements ProcedureRepository {
  readonly #versions: Stored[] = [];

  constructor(procedures: Procedure[] = []) {
    for (const procedure of procedures) this.#versions.push({ catalogue: null, procedure, bpmn: null });
  }

  async list(reach: CatalogueReach): Promise<ProcedureSummary[]> {
    const summaries = new Map<string, ProcedureSummary>();
    const visible = this.#versions
      .filter(({ catalogue }) => catalogue === null || reach === 'all' || reach.includes(catalogue))
      .sort(
        (a, b) =>
          a.procedure.code.localeCompare(b.procedure.code) || (a.catalogue ?? '').localeCompare(b.catalogue ?? '') || a.procedure.version - b.procedure.version,
      );
    for (const { catalogue, procedure, bpmn } of visible) {
      const key = `${catalogue ?? ''}\u0000${procedure.code}`;
      const summary: ProcedureSummary = summaries.get(key) ?? {
        code: procedure.code,
        name: procedure.name,
        latestVersion: 0,
        versions: [],
        organism: catalogue,
        format: 'phases',
      };
      summary.name = procedure.name;
      summary.format = bpmn ? 'bpmn' : 'phases';
      summary.latestVersion = procedure.version;
      summary.versions.push(procedure.version);
      summaries.set(key, summary);
    }
    return [...summaries.values()];
  }

  async cataloguesOf(code: string): Promise<(string | null)[]> {
    return [...new Set(this.#versions.filter(({ procedure }) => procedure.code === code).map(({ catalogue }) => catalogue))];
  }

  async find(code: string, catalogue: string | null, version?: number): Promise<Procedure | null> {
    const versions = this.#versions
      .filter((stored) => stored.catalogue === catalogue && stored.procedure.code === code && (version === undefined || stored.procedure.version === version))
      .sort((a, b) => b.procedure.version - a.procedure.version);
    return versions[0]?.procedure ?? null;
  }

  async findBpmn(code: string, catalogue: string | null, version: number): Promise<BpmnSource | null> {
    return (
      this.#versions.find((stored) => stored.catalogue === catalogue && stored.procedure.code === code && stored.procedure.version === version)?.bpmn ?? null
    );
  }

  async add(procedure: Procedure, catalogue: string | null, bpmn?: BpmnSource): Promise<boolean> {
    if (
      this.#versions.some(
        (stored) => stored.catalogue === catalogue && stored.procedure.code === procedure.code && stored.procedure.version === procedure.version,
      )
    ) {
      return false;
    }
    this.#versions.push({ catalogue, procedure: Procedure.restore(procedure.toData()), bpmn: bpmn ?? null });
    return true;
  }
}
