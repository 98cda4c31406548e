import type { Kysely } from 'kysely';
import { auditRecorderIn, type AuditTrail } from '@tramita/platform';
import type { SqlExecutor } from '@tramita/messaging';
import type { DocumentTransactions } from '../../application/ports.ts';
import type { DocsDatabase } from './database.ts';
import { PostgresDocumentRepository } from './document-repository.postgres.ts';

/** Document writes and their audit entries in one database transaction. */
export function postgresDocumentTransactions(db: Kysely<DocsDatabase>, audit: AuditTrail<SqlExecutor>): DocumentTransactions {
  return {
    run: (work) => db.transaction().execute((trx) => work(new PostgresDocumentRepository(trx), auditRecorderIn(audit, trx))),
  };
}
