import { InMemoryAuditTrail } from '@tramita/platform';
import { systemClock, type Clock } from '@tramita/kernel';
import type { MessageCause, OutgoingMessage, Outbox } from '@tramita/messaging';
import type { FilesPorts, UnitOfWork } from '../../application/ports.ts';
import { InMemoryFileRepository } from './file-repository.in-memory.ts';
import { InMemoryInitialOptionRepository } from './initial-option-repository.in-memory.ts';

/** A sent message with the cause it was sent under. */
export interface SentMessage extends OutgoingMessage {
  cause: MessageCause;
}

/**
 * The unit of work over the in-memory repositories: one at a time, rolled back (rows restored,
 * messages dropped) when the work throws. Committed messages land in `sent`.
 */
export class InMemoryUnitOfWork implements UnitOfWork<unknown> {
  readonly sent: SentMessage[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  readonly #files: InMemoryFileRepository;

  constructor(files: InMemoryFileRepository) {
    this.#files = files;
  }

  run<T>(cause: MessageCause, work: (trx: unknown, outbox: Outbox) => Promise<T>): Promise<T> {
    const turn = this.#queue.then(async () => {
      const before = this.#files.snapshot();
      const pending: SentMessage[] = [];
      const outbox: Outbox = { cause, send: (message) => void pending.push({ ...message, cause }) };
      try {
        const value = await work({}, outbox);
        this.sent.push(...pending);
        return value;
      } catch (error) {
        this.#files.restore(before);
        throw error;
      }
    });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }
}

/** Every port of the service in memory, for unit tests. */
export function inMemoryPorts(clock: Clock = systemClock): FilesPorts<unknown> & {
  files: InMemoryFileRepository;
  options: InMemoryInitialOptionRepository;
  unitOfWork: InMemoryUnitOfWork;
  audit: InMemoryAuditTrail;
} {
  const files = new InMemoryFileRepository();
  const options = new InMemoryInitialOptionRepository();
  return {
    unitOfWork: new InMemoryUnitOfWork(files),
    filesIn: () => files,
    optionsIn: () => options,
    files,
    options,
    audit: new InMemoryAuditTrail('files'),
    clock,
  };
}
