import type { MessageCause, Outbox as MessagingOutbox } from '@tramita/messaging';
import type { AuditRecorder } from '@tramita/platform';
import type { ProcessRepository } from '../domain/process-repository.ts';
import type { ProcedureRepository } from '../domain/procedure-repository.ts';
import type { TaskRepository } from '../domain/task-repository.ts';
import type { InstanceRepository } from '../domain/instance-repository.ts';
import type { CalendarRepository } from '../domain/calendar-repository.ts';
import type { PlazoRepository } from '../domain/plazo-repository.ts';
import type { NoticeRepository } from '../domain/notice-repository.ts';

/** Where a use case leaves the messages that commit with its changes (the transactional outbox). */
export type Outbox = Pick<MessagingOutbox, 'send'>;

/** The repositories of one transaction (or of plain reads). */
export interface BpmRepositories {
  processes: ProcessRepository;
  procedures: ProcedureRepository;
  tasks: TaskRepository;
  instances: InstanceRepository;
  /** Legal time (ADR 0016): the organisms' calendars, the expedientes' plazos, and notices. */
  calendars: CalendarRepository;
  plazos: PlazoRepository;
  notices: NoticeRepository;
}

/** Runs work in one transaction whose messages commit with it (the service's unit of work). */
export interface UnitOfWork {
  /** `audit` records inside the same transaction (ADR 0014). */
  run<T>(cause: MessageCause, work: (repositories: BpmRepositories, outbox: Outbox, audit: AuditRecorder) => Promise<T>): Promise<T>;
}
