import { Process, type ProcessState } from '../../domain/process.ts';
import type { ProcessRepository, Tombstone } from '../../domain/process-repository.ts';

/** Processes kept in memory (unit tests); stores copies so callers cannot change them in place. */
export class InMemoryProcessRepository implements ProcessRepository {
  readonly #processes = new Map<string, ProcessState>();
  readonly #tombstones = new Map<string, Tombstone>();

  /** Every unfinished process with its start (for the stores that sit beside this one). */
  async unfinished(): Promise<{ processId: string; startedAt: Date }[]> {
    return [...this.#processes.values()].filter((state) => !state.finished).map((state) => ({ processId: state.processId, startedAt: state.startedAt }));
  }

  async findById(processId: string): Promise<Process | null> {
    const state = this.#processes.get(processId);
    return state ? Process.restore(copy(state)) : null;
  }

  async findByFileCode(fileCode: string, organism: string): Promise<Process | null> {
    const state = [...this.#processes.values()].find((s) => s.fileCode === fileCode && s.organism === organism);
    return state ? Process.restore(copy(state)) : null;
  }

  async lockByFileCode(fileCode: string, organism: string): Promise<Process | null> {
    return this.findByFileCode(fileCode, organism);
  }

  async organismsHolding(fileCode: string): Promise<string[]> {
    return [...this.#processes.values()].filter((s) => s.fileCode === fileCode).map((s) => s.organism);
  }

  async insert(process: Process): Promise<void> {
    const state = process.state();
    if (this.#processes.has(state.processId)) throw new Error(`Process ${state.processId} already exists`);
    if ([...this.#processes.values()].some((s) => s.fileCode === state.fileCode && s.organism === state.organism))
      throw new Error(`${state.fileCode} of ${state.organism} already has a process`);
    this.#processes.set(state.processId, state);
  }

  async update(process: Process, loadedVersion: number): Promise<boolean> {
    const stored = this.#processes.get(process.processId);
    if (stored?.version !== loadedVersion) return false;
    this.#processes.set(process.processId, process.state());
    return true;
  }

  async delete(processId: string): Promise<void> {
    this.#processes.delete(processId);
  }

  async findTombstone(processId: string): Promise<Tombstone | null> {
    return this.#tombstones.get(processId) ?? null;
  }

  async unfinishedOf(procedureCode: string, exceptVersion: number): Promise<string[]> {
    return [...this.#processes.values()]
      .filter((state) => state.procedure.code === procedureCode && state.procedure.version !== exceptVersion && !state.finished)
      .map((state) => state.processId)
      .sort();
  }

  async adoptUnowned(): Promise<number> {
    return 0; // every in-memory process is started with its organism
  }

  async addTombstone(tombstone: Tombstone): Promise<void> {
    if (!this.#tombstones.has(tombstone.processId)) this.#tombstones.set(tombstone.processId, { ...tombstone });
  }
}

const copy = (state: ProcessState): ProcessState => Process.restore(state).state();
