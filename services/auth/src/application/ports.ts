import type { MessageCause } from '@tramita/messaging';
import type { AuditRecorder } from '@tramita/platform';
import type { OrganismRepository } from '../domain/organism-repository.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { AccessRevocations } from './access-revocations.ts';

/** What a change of accounts, organisms or memberships writes, all in one transaction. */
export interface AuthWrites {
  users: UserRepository;
  organisms: OrganismRepository;
  /** Revocations go out through the same transaction's outbox (ADR 0010). */
  revocations: AccessRevocations;
  /** The audit entry commits with the change it records (ADR 0014). */
  audit: AuditRecorder;
}

/** Runs a change and everything it writes (rows, revocation messages, audit entry) in one transaction. */
export interface AuthUnitOfWork {
  run<T>(cause: MessageCause, work: (writes: AuthWrites) => Promise<T>): Promise<T>;
}
