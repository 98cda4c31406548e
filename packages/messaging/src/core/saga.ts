import { isDomainError, type Clock, systemClock } from '@tramita/kernel';
import type { Envelope } from './envelope.ts';
import type { Outbox } from '../postgres/unit-of-work.ts';

/** A command a saga step sends to a participant. */
export interface SagaCommand {
  topic: string;
  type: string;
  /** Aggregate id at the participant: partition key, so a compensation follows its action. */
  subject: string;
  data: unknown;
}

/** A step done by the orchestrator itself, inside the transaction that advances the saga. */
export interface LocalStep<D, Tx> {
  kind: 'local';
  name: string;
  /** Does the work; throwing a DomainError fails the saga and compensates earlier steps. */
  run(trx: Tx, data: D, outbox: Outbox): Promise<D>;
  compensate?(trx: Tx, data: D, outbox: Outbox): Promise<void>;
}

/** A step done by a participant: a command out, a reply back. */
export interface RemoteStep<D> {
  kind: 'remote';
  name: string;
  invoke(data: D): SagaCommand;
  /** Throws when a reply is not one the participant's contract allows (it is then dead-lettered, never applied). */
  checkReply?(type: string, data: unknown): void;
  /** Folds a success reply into the saga data (by reply type); missing types keep the data. */
  onSuccess?: Record<string, (data: D, reply: unknown) => D>;
  /** Undoes what the action created. Must be idempotent and accept "never happened". */
  compensate?(data: D): SagaCommand;
}

export type SagaStep<D, Tx> = LocalStep<D, Tx> | RemoteStep<D>;

export interface SagaDefinition<D, Tx> {
  type: string;
  /** Topic where participants send replies for this saga type. */
  replyTopic: string;
  /** How long a saga may wait for a reply before it compensates. */
  timeoutMs: number;
  steps: SagaStep<D, Tx>[];
}

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';

export interface SagaState<D> {
  id: string;
  type: string;
  /** The business key the saga is about (e.g. the expediente code). */
  subject: string;
  status: SagaStatus;
  /** Index of the step in progress (forward while running, backward while compensating). */
  step: number;
  data: D;
  reason: string | null;
  correlationId: string;
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date;
}

/** Persistence of saga state, inside the caller's transaction. */
export interface SagaStore<Tx> {
  insert(trx: Tx, state: SagaState<unknown>): Promise<void>;
  /** Loads and locks a saga for update; null if unknown. */
  lock(trx: Tx, id: string): Promise<SagaState<unknown> | null>;
  update(trx: Tx, state: SagaState<unknown>): Promise<void>;
  find(id: string): Promise<SagaState<unknown> | null>;
  /** Ids of running or compensating sagas past their deadline. */
  overdue(trx: Tx, now: Date, limit: number): Promise<string[]>;
}

export const isTerminal = (status: SagaStatus) => status === 'completed' || status === 'compensated' || status === 'failed';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs orchestrated sagas: forward through the steps, backward through compensations. */
export class SagaEngine<D, Tx> {
  readonly definition: SagaDefinition<D, Tx>;
  readonly #store: SagaStore<Tx>;
  readonly #clock: Clock;
  readonly #onChange: (state: SagaState<D>) => void;

  constructor(definition: SagaDefinition<D, Tx>, store: SagaStore<Tx>, options: { clock?: Clock; onChange?: (state: SagaState<D>) => void } = {}) {
    this.definition = definition;
    this.#store = store;
    this.#clock = options.clock ?? systemClock;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** Starts a saga in the caller's transaction; local steps run now, the first command is sent. */
  async start(trx: Tx, outbox: Outbox, input: { id: string; subject: string; data: D }): Promise<SagaState<D>> {
    const now = this.#clock.now();
    const state: SagaState<D> = {
      id: input.id,
      type: this.definition.type,
      subject: input.subject,
      status: 'running',
      step: 0,
      data: input.data,
      reason: null,
      correlationId: outbox.cause.correlationId,
      createdAt: now,
      updatedAt: now,
      deadlineAt: new Date(now.getTime() + this.definition.timeoutMs),
    };
    await this.#forward(trx, outbox, state, 0);
    await this.#store.insert(trx, state);
    this.#onChange(state);
    return state;
  }

  /** Applies a participant's reply; stale and duplicate replies are ignored. */
  async onReply(trx: Tx, outbox: Outbox, reply: Envelope): Promise<SagaState<D> | null> {
    if (!reply.sagaid) return null;
    const state = (await this.#store.lock(trx, reply.sagaid)) as SagaState<D> | null;
    if (!state || isTerminal(state.status)) return state;
    const step = this.definition.steps[state.step];
    const expectedDirection = state.status === 'running' ? 'forward' : 'backward';
    if (!step || step.kind !== 'remote' || reply.sagastep !== step.name || reply.sagadirection !== expectedDirection) return state;
    step.checkReply?.(reply.type, reply.data);

    if (expectedDirection === 'forward') {
      if (reply.outcome === 'success') {
        const fold = step.onSuccess?.[reply.type];
        if (fold) state.data = fold(state.data, reply.data);
        await this.#forward(trx, outbox, state, state.step + 1);
      } else {
        // A participant that fails must have created nothing, so compensation starts below it.
        state.status = 'compensating';
        state.reason = failureReason(reply);
        await this.#backward(trx, outbox, state, state.step - 1);
      }
    } else if (reply.outcome === 'success') {
      await this.#backward(trx, outbox, state, state.step - 1);
    } else {
      state.status = 'failed';
      state.reason = `${state.reason ?? 'compensation'}; compensating step "${step.name}" failed: ${failureReason(reply)}`;
    }
    await this.#save(trx, state);
    return state;
  }

  /**
   * Compensates a saga that waited too long. The step in progress is compensated too: its
   * command may still be applied, and compensations accept "never happened". A compensation
   * that got no reply in time is sent again (compensations are idempotent): the participant or
   * the broker may just be down for a while, and giving up would leave half-undone work behind
   * while its late reply is ignored. Only a compensation that replies with a failure fails the saga.
   */
  async expire(trx: Tx, outbox: Outbox, id: string): Promise<SagaState<D> | null> {
    const state = (await this.#store.lock(trx, id)) as SagaState<D> | null;
    if (!state || isTerminal(state.status) || state.deadlineAt > this.#clock.now()) return state;
    const step = this.definition.steps[state.step];
    if (state.status === 'running') {
      state.status = 'compensating';
      state.reason = `No reply from step "${step?.name ?? state.step}" in time.`;
      await this.#backward(trx, outbox, state, state.step);
    } else if (step?.kind === 'remote' && step.compensate) {
      this.#send(outbox, state, step.name, 'backward', step.compensate(state.data));
      state.deadlineAt = new Date(this.#clock.now().getTime() + this.definition.timeoutMs);
    } else {
      state.status = 'failed';
      state.reason = `${state.reason ?? ''} Compensation of step "${step?.name ?? state.step}" got no reply in time.`.trim();
    }
    await this.#save(trx, state);
    return state;
  }

  async find(id: string): Promise<SagaState<D> | null> {
    return (await this.#store.find(id)) as SagaState<D> | null;
  }

  async overdue(trx: Tx, limit = 100): Promise<string[]> {
    return this.#store.overdue(trx, this.#clock.now(), limit);
  }

  async #forward(trx: Tx, outbox: Outbox, state: SagaState<D>, from: number): Promise<void> {
    for (let index = from; index < this.definition.steps.length; index++) {
      const step = this.definition.steps[index]!;
      state.step = index;
      if (step.kind === 'remote') {
        this.#send(outbox, state, step.name, 'forward', step.invoke(state.data));
        state.deadlineAt = new Date(this.#clock.now().getTime() + this.definition.timeoutMs);
        return;
      }
      try {
        state.data = await step.run(trx, state.data, outbox);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        state.status = 'compensating';
        state.reason = reasonOf(error);
        await this.#backward(trx, outbox, state, index - 1);
        return;
      }
    }
    state.status = 'completed';
  }

  async #backward(trx: Tx, outbox: Outbox, state: SagaState<D>, from: number): Promise<void> {
    for (let index = from; index >= 0; index--) {
      const step = this.definition.steps[index]!;
      state.step = index;
      if (!step.compensate) continue;
      if (step.kind === 'remote') {
        this.#send(outbox, state, step.name, 'backward', step.compensate(state.data));
        state.deadlineAt = new Date(this.#clock.now().getTime() + this.definition.timeoutMs);
        return;
      }
      await step.compensate(trx, state.data, outbox);
    }
    state.step = 0;
    state.status = 'compensated';
  }

  #send(outbox: Outbox, state: SagaState<D>, step: string, direction: 'forward' | 'backward', command: SagaCommand): void {
    outbox.send({
      topic: command.topic,
      type: command.type,
      subject: command.subject,
      data: command.data,
      saga: { id: state.id, step, direction, replyTo: this.definition.replyTopic },
    });
  }

  async #save(trx: Tx, state: SagaState<D>): Promise<void> {
    state.updatedAt = this.#clock.now();
    await this.#store.update(trx, state);
    this.#onChange(state);
  }
}

function failureReason(reply: Envelope): string {
  const data = reply.data as { reason?: unknown } | null;
  return typeof data?.reason === 'string' ? data.reason : `${reply.type} (no reason given)`;
}

/** The reply a participant sends for a saga command, routed back by the command's attributes. */
export function sagaReply(command: Envelope, outcome: 'success' | 'failure', type: string, data: unknown) {
  if (!command.sagaid || !command.sagastep || !command.sagadirection || !command.replyto) {
    throw new Error(`Message ${command.id} (${command.type}) is not a saga command`);
  }
  return {
    topic: command.replyto,
    type,
    subject: command.sagaid,
    data,
    outcome,
    saga: { id: command.sagaid, step: command.sagastep, direction: command.sagadirection },
  };
}
