import type { SagaState, SagaStore } from './saga.ts';

/** Saga state in memory, for saga tests written as message scripts. */
export class InMemorySagaStore implements SagaStore<unknown> {
  readonly states = new Map<string, SagaState<unknown>>();

  async insert(_trx: unknown, state: SagaState<unknown>): Promise<void> {
    if (this.states.has(state.id)) throw new Error(`Saga ${state.id} exists`);
    this.states.set(state.id, structuredClone(state));
  }
  async lock(_trx: unknown, id: string) {
    const state = this.states.get(id);
    return state ? structuredClone(state) : null;
  }
  async update(_trx: unknown, state: SagaState<unknown>): Promise<void> {
    this.states.set(state.id, structuredClone(state));
  }
  async find(id: string) {
    const state = this.states.get(id);
    return state ? structuredClone(state) : null;
  }
  async overdue(_trx: unknown, now: Date, limit: number): Promise<string[]> {
    return [...this.states.values()]
      .filter((s) => (s.status === 'running' || s.status === 'compensating') && s.deadlineAt < now)
      .slice(0, limit)
      .map((s) => s.id);
  }
}
