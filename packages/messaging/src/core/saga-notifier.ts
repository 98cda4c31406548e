import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { SagaState } from './saga.ts';

/**
 * In-process notifications of saga state changes (for server-sent events). The engine reports
 * changes inside the transaction; work wrapped in `afterCommit` holds them back until the
 * transaction committed, so nobody hears of a change that was rolled back.
 */
export class SagaNotifier {
  readonly #emitter = new EventEmitter();
  readonly #pending = new AsyncLocalStorage<SagaState<unknown>[]>();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** The engine's `onChange`. */
  readonly changed = (state: SagaState<unknown>): void => {
    const pending = this.#pending.getStore();
    if (pending) pending.push(structuredClone(state));
    else this.#emit(state);
  };

  /** Runs `work` (which commits its transaction before resolving) and then announces its changes. */
  async afterCommit<T>(work: () => Promise<T>): Promise<T> {
    const pending: SagaState<unknown>[] = [];
    const value = await this.#pending.run(pending, work);
    for (const state of pending) this.#emit(state);
    return value;
  }

  /** Listens to changes of one saga; returns the function that stops listening. */
  subscribe(sagaId: string, listener: (state: SagaState<unknown>) => void): () => void {
    this.#emitter.on(sagaId, listener);
    return () => this.#emitter.off(sagaId, listener);
  }

  #emit(state: SagaState<unknown>): void {
    this.#emitter.emit(state.id, state);
  }
}
