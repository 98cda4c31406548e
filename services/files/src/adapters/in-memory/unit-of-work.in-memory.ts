import { InMemoryAuditTrail } from '@tramita/platform';
import { systemClock, type Clock } from '@tramita/kernel';
import type { MessageCause, OutgoingMessage, Outbox } from '@tramita/messaging';
import type { FilesPorts, UnitOfWork } from '../../application/ports.ts';
import { InMemoryFileRelationRepository } from './file-relation-repository.in-memory.ts';
import { InMemoryFileRepository } from './file-repository.in-memory.ts';
import { InMemoryInitialOptionRepository } from './initial-option-repository.in-memory.ts';
import { InMemoryInteresadoRepository } from './interesado-repository.in-memory.ts';

/** A sent message with the cause it was sent under. */
export interface SentMessage extends OutgoingMessage {
  cause: MessageCause;
}

/** A repository whose rows a fake transaction can put back (each restores what its own snapshot gave). */
interface Restorable {
  snapshot(): unknown;
  restore(rows: unknown): void;
}

/**
 * The unit of work over the in-memory repositories: one at a time, rolled back (rows restored,
 * messages dropped) when the work throws. Committed messages land in `sent`.
 */
export class InMemoryUnitOfWork implements UnitOfWork<unknown> {
  readonly sent: SentMessage[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  readonly #stores: Restorable[];

  constructor(...stores: Restorable[]) {
    this.#stores = stores;
  }

  run<T>(cause: MessageCause, work: (trx: unknown, outbox: Outbox) => Promise<T>): Promise<T> {
    const turn = this.#queue.then(async () => {
      const before = this.#stores.map((store) => store.snapshot());
      const pending: SentMessage[] = [];
      const outbox: Outbox = { cause, send: (message) => void pending.push({ ...message, cause }) };
      try {
        const value = await work({}, outbox);
        this.sent.push(...pending);
        return value;
      } catch (error) {
        this.#stores.forEach((store, i) => store.restore(before[i]));
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
  interesados: InMemoryInteresadoRepository;
  relations: InMemoryFileRelationRepository;
  unitOfWork: InMemoryUnitOfWork;
  audit: InMemoryAuditTrail;
} {
  const files = new InMemoryFileRepository();
  const options = new InMemoryInitialOptionRepository();
  const interesados = new InMemoryInteresadoRepository();
  const relations = new InMemoryFileRelationRepository();
  return {
    unitOfWork: new InMemoryUnitOfWork(files, interesados, relations),
    filesIn: () => files,
    optionsIn: () => options,
    interesadosIn: () => interesados,
    relationsIn: () => relations,
    files,
    options,
    interesados,
    relations,
    audit: new InMemoryAuditTrail('files'),
    clock,
  };
}
