import { Procedure } from '../../domain/procedure.ts';
import type { CatalogueReach, ProcedureRepository, ProcedureSummary } from '../../domain/procedure-repository.ts';

/** Procedure definitions kept in memory (unit tests); those given to the constructor are shared. */
export class InMemoryProcedureRepository implements ProcedureRepository {
  readonly #versions = new Map<string, Procedure>();
  readonly #owners = new Map<string, string | null>();

  constructor(procedures: Procedure[] = []) {
    for (const procedure of procedures) {
      this.#versions.set(key(procedure.code, procedure.version), procedure);
      this.#owners.set(procedure.code, null);
    }
  }

  async list(reach: CatalogueReach): Promise<ProcedureSummary[]> {
    const byCode = new Map<string, Procedure[]>();
    for (const procedure of this.#versions.values()) byCode.set(procedure.code, [...(byCode.get(procedure.code) ?? []), procedure]);
    return [...byCode.entries()]
      .filter(([code]) => {
        const organism = this.#owners.get(code) ?? null;
        return organism === null || reach === 'all' || reach.includes(organism);
      })
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, versions]) => {
        const sorted = versions.sort((a, b) => a.version - b.version);
        const latest = sorted.at(-1)!;
        return { code, name: latest.name, latestVersion: latest.version, versions: sorted.map((p) => p.version), organism: this.#owners.get(code) ?? null };
      });
  }

  async find(code: string, version?: number): Promise<Procedure | null> {
    if (version !== undefined) return this.#versions.get(key(code, version)) ?? null;
    const versions = [...this.#versions.values()].filter((p) => p.code === code).sort((a, b) => b.version - a.version);
    return versions[0] ?? null;
  }

  async ownerOf(code: string): Promise<{ organism: string | null } | null> {
    return this.#owners.has(code) ? { organism: this.#owners.get(code) ?? null } : null;
  }

  async add(procedure: Procedure, organism: string | null): Promise<boolean> {
    const k = key(procedure.code, procedure.version);
    if (this.#versions.has(k)) return false;
    this.#versions.set(k, Procedure.restore(procedure.toData()));
    this.#owners.set(procedure.code, organism);
    return true;
  }
}

const key = (code: string, version: number) => `${code}\u0000${version}`;
