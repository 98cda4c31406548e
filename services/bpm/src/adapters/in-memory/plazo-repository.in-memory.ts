import { Plazo, type PlazoState } from '../../domain/plazo.ts';
import type { PlazoContextRecord, PlazoRepository } from '../../domain/plazo-repository.ts';

const open = (plazo: PlazoState) => plazo.state === 'RUNNING' || plazo.state === 'SUSPENDED';
/** The maximum plazo first, then trámites oldest first (the SQL query's order). */
const byKind = (a: PlazoState, b: PlazoState) =>
  a.kind === b.kind ? a.startedAt.localeCompare(b.startedAt) || a.plazoId.localeCompare(b.plazoId) : a.kind === 'MAXIMO' ? -1 : 1;

/** Plazos kept in memory (unit tests); the same rules as the SQL adapter. */
export class InMemoryPlazoRepository implements PlazoRepository {
  readonly #plazos = new Map<string, PlazoState>();
  readonly #contexts = new Map<string, PlazoContextRecord>();
  readonly #unfinished: () => Promise<{ processId: string; startedAt: Date }[]>;

  /** `unfinished`: the processes the store sits beside (the SQL adapter reads them in the same database). */
  constructor(unfinished: () => Promise<{ processId: string; startedAt: Date }[]> = async () => []) {
    this.#unfinished = unfinished;
  }

  async insert(plazo: PlazoState): Promise<void> {
    if (this.#plazos.has(plazo.plazoId)) throw new Error(`Plazo ${plazo.plazoId} exists`);
    this.#plazos.set(plazo.plazoId, structuredClone(plazo));
  }

  async lock(plazoId: string): Promise<Plazo | null> {
    const state = this.#plazos.get(plazoId);
    return state ? Plazo.restore(state) : null;
  }

  async update(plazo: Plazo, loadedVersion: number): Promise<boolean> {
    if (this.#plazos.get(plazo.plazoId)?.version !== loadedVersion) return false;
    this.#plazos.set(plazo.plazoId, plazo.state());
    return true;
  }

  async ofProcess(processId: string): Promise<PlazoState[]> {
    return [...this.#plazos.values()]
      .filter((plazo) => plazo.processId === processId)
      .sort(byKind)
      .map((plazo) => structuredClone(plazo));
  }

  async lockOfTask(taskId: string): Promise<Plazo | null> {
    const state = [...this.#plazos.values()].find((plazo) => plazo.taskId === taskId);
    return state ? Plazo.restore(state) : null;
  }

  async ofTasks(taskIds: readonly string[]): Promise<PlazoState[]> {
    return [...this.#plazos.values()].filter((plazo) => plazo.taskId !== null && taskIds.includes(plazo.taskId)).map((plazo) => structuredClone(plazo));
  }

  async claimExpired(now: Date, limit: number): Promise<Plazo[]> {
    return [...this.#plazos.values()]
      .filter((plazo) => plazo.state === 'RUNNING' && plazo.due?.status === 'FINAL' && Date.parse(plazo.due.endsAt) < now.getTime())
      .sort((a, b) => Date.parse(a.due?.endsAt ?? '') - Date.parse(b.due?.endsAt ?? ''))
      .slice(0, limit)
      .map((plazo) => Plazo.restore(plazo));
  }

  async openOfOrganism(organism: string): Promise<string[]> {
    return [...this.#plazos.values()].filter((plazo) => plazo.organism === organism && open(plazo)).map((plazo) => plazo.plazoId);
  }

  async openPage(after: string | null, limit: number): Promise<string[]> {
    return [...this.#plazos.values()]
      .filter((plazo) => open(plazo) && (after === null || plazo.plazoId > after))
      .map((plazo) => plazo.plazoId)
      .sort()
      .slice(0, limit);
  }

  async openOfProcess(processId: string): Promise<string[]> {
    return [...this.#plazos.values()].filter((plazo) => plazo.processId === processId && open(plazo)).map((plazo) => plazo.plazoId);
  }

  async processesWithoutMaximum(limit: number): Promise<string[]> {
    const withMaximum = new Set([...this.#plazos.values()].filter((plazo) => plazo.kind === 'MAXIMO').map((plazo) => plazo.processId));
    return (await this.#unfinished())
      .filter((process) => !withMaximum.has(process.processId))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.processId.localeCompare(b.processId))
      .slice(0, limit)
      .map((process) => process.processId);
  }

  async context(processId: string): Promise<PlazoContextRecord | null> {
    const context = this.#contexts.get(processId);
    return context ? structuredClone(context) : null;
  }

  async saveContext(processId: string, context: PlazoContextRecord): Promise<void> {
    this.#contexts.set(processId, structuredClone(context));
  }
}
