import { Procedure } from '../../domain/procedure.ts';
import type { ProcedureRepository, ProcedureSummary } from '../../domain/procedure-repository.ts';

/** Procedure definitions kept in memory (unit tests). */
export class InMemoryProcedureRepository implements ProcedureRepository {
  readonly #versions = new Map<string, Procedure>();

  constructor(procedures: Procedure[] = []) {
    for (const procedure of procedures) this.#versions.set(key(procedure.code, procedure.version), procedure);
  }

  async list(): Promise<ProcedureSummary[]> {
    const byCode = new Map<string, Procedure[]>();
    for (const procedure of this.#versions.values()) byCode.set(procedure.code, [...(byCode.get(procedure.code) ?? []), procedure]);
    return [...byCode.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, versions]) => {
        const sorted = versions.sort((a, b) => a.version - b.version);
        const latest = sorted.at(-1)!;
        return { code, name: latest.name, latestVersion: latest.version, versions: sorted.map((p) => p.version) };
      });
  }

  async find(code: string, version?: number): Promise<Procedure | null> {
    if (version !== undefined) return this.#versions.get(key(code, version)) ?? null;
    const versions = [...this.#versions.values()].filter((p) => p.code === code).sort((a, b) => b.version - a.version);
    return versions[0] ?? null;
  }

  async add(procedure: Procedure): Promise<boolean> {
    const k = key(procedure.code, procedure.version);
    if (this.#versions.has(k)) return false;
    this.#versions.set(k, Procedure.restore(procedure.toData()));
    return true;
  }
}

const key = (code: string, version: number) => `${code}\u0000${version}`;
