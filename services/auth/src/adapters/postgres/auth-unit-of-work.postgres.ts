import type { Transaction } from 'kysely';
import type { SqlExecutor, UnitOfWork } from '@tramita/messaging';
import { auditRecorderIn, type AuditTrail, type TokenRevocationList } from '@tramita/platform';
import type { AuthUnitOfWork } from '../../application/ports.ts';
import { revocationsWithin } from './access-revocations.outbox.ts';
import type { AuthDatabase } from './database.ts';
import { PostgresOrganismRepository } from './organism-repository.postgres.ts';
import { PostgresUserRepository } from './user-repository.postgres.ts';

/**
 * auth's writes in one database transaction with their outbox messages and audit entry; this
 * process's own revocation list learns of a revocation once the transaction commits.
 */
export function postgresAuthUnitOfWork(
  unitOfWork: UnitOfWork<Transaction<AuthDatabase>>,
  audit: AuditTrail<SqlExecutor>,
  local: TokenRevocationList | undefined,
): AuthUnitOfWork {
  return {
    async run(cause, work) {
      const afterCommit: (() => void)[] = [];
      const result = await unitOfWork.run(cause, (trx, outbox) => {
        return work({
          users: new PostgresUserRepository(trx),
          organisms: new PostgresOrganismRepository(trx),
          revocations: revocationsWithin(trx, outbox, local, afterCommit),
          audit: auditRecorderIn(audit, trx),
        });
      });
      for (const apply of afterCommit) apply();
      return result;
    },
  };
}
