import type { Clock } from '@tramita/kernel';
import type { MessageCause, Outbox } from '@tramita/messaging';
import type { AuditTrail } from '@tramita/platform';
import type { FileRelationRepository } from '../domain/file-relation-repository.ts';
import type { FileRepository } from '../domain/file-repository.ts';
import type { InitialOptionRepository } from '../domain/initial-option.ts';
import type { InteresadoRepository } from '../domain/interesado-repository.ts';

/** Runs work in one transaction together with the messages it sends (the outbox). */
export interface UnitOfWork<Tx> {
  run<T>(cause: MessageCause, work: (trx: Tx, outbox: Outbox) => Promise<T>): Promise<T>;
}

/** The driven ports every use case of this service draws from. */
export interface FilesPorts<Tx> {
  unitOfWork: UnitOfWork<Tx>;
  /** Repositories bound to a transaction (writes; reads that must see the transaction). */
  filesIn: (trx: Tx) => FileRepository;
  optionsIn: (trx: Tx) => InitialOptionRepository;
  interesadosIn: (trx: Tx) => InteresadoRepository;
  relationsIn: (trx: Tx) => FileRelationRepository;
  /** Repositories for reads outside any transaction. */
  files: FileRepository;
  options: InitialOptionRepository;
  interesados: InteresadoRepository;
  relations: FileRelationRepository;
  /** The service's audit trail (ADR 0014): commands record inside their unit of work, reads alone. */
  audit: AuditTrail<Tx>;
  clock: Clock;
}
