import type { Kysely } from 'kysely';
import { auditRecorderIn, type AuditTrail } from '@tramita/platform';
import type { SqlExecutor } from '@tramita/messaging';
import type { DocsRepositories, DocumentTransactions } from '../../application/ports.ts';
import { PostgresCsvRepository } from './csv-repository.postgres.ts';
import type { DocsDatabase } from './database.ts';
import { PostgresDocumentRepository } from './document-repository.postgres.ts';
import { PostgresExpedienteRepository } from './expediente-repository.postgres.ts';
import { PostgresIndiceRepository } from './indice-repository.postgres.ts';

/** Every docs store bound to `db` (a transaction, or the pool for reads). */
export function postgresDocsRepositories(db: Kysely<DocsDatabase>): DocsRepositories {
  return {
    documents: new PostgresDocumentRepository(db),
    csvs: new PostgresCsvRepository(db),
    expedientes: new PostgresExpedienteRepository(db),
    indices: new PostgresIndiceRepository(db),
  };
}

/** Document writes and their audit entries in one database transaction. */
export function postgresDocumentTransactions(db: Kysely<DocsDatabase>, audit: AuditTrail<SqlExecutor>): DocumentTransactions {
  return {
    run: (work) =>
      db.transaction().execute((trx) => {
        const repositories = postgresDocsRepositories(trx);
        return work(repositories.documents, auditRecorderIn(audit, trx), repositories);
      }),
  };
}
