import type { MessageCause, OutgoingMessage } from '@tramita/messaging';
import type { ProcessRepository } from '../domain/process-repository.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';

/** Where a use case leaves the messages that commit with its changes (the transactional outbox). */
export interface MessageOutbox {
  send(message: OutgoingMessage): void;
}

/** The repositories of one transaction (or of plain reads). */
export interface BpmRepositories {
  processes: ProcessRepository;
  procedures: ProcedureRepository;
}

/** Runs work in one transaction whose messages commit with it (the service's unit of work). */
export interface BpmTransactions {
  run<T>(cause: MessageCause, work: (repositories: BpmRepositories, outbox: MessageOutbox) => Promise<T>): Promise<T>;
}
