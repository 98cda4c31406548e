import { indexReconciliationRowSchema, type IndexReconciliationRow } from '@tramita/contracts';
import type { SqlExecutor } from '@tramita/messaging';
import { adoptIntoDefaultOrganism, openHttpApp, openInfrastructure, startService, type RunningService, type ServiceContext } from '@tramita/platform';
import type { FileSearchRepository } from './application/file-search-repository.ts';
import { registerReadModelRoutes } from './adapters/http/read-model-routes.ts';
import { registerSearchRoutes, INDEX_API } from './adapters/http/search-routes.ts';
import { indexConsumer } from './adapters/messaging/index-events.consumer.ts';
import { OpenSearchClient } from './adapters/opensearch/client.ts';
import { OpenSearchFileSearchRepository } from './adapters/opensearch/file-search-repository.opensearch.ts';
import { ensureIndices, indexNamesOf } from './adapters/opensearch/indices.ts';
import { readOpenSearchIndexReconciliation } from './adapters/opensearch/reconciliation.opensearch.ts';
import { indexMigrations } from './adapters/postgres/migrations.ts';
import { readIndexReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import { PostgresFileSearchRepository } from './adapters/postgres/file-search-repository.postgres.ts';
import { loadConfig, type IndexConfig } from './config.ts';

/** The read model's store as main.ts wires it: queries, the consumer's writes, reconciliation, readiness. */
interface ReadModelStore {
  repository: FileSearchRepository & { adoptUnowned(organism: string): Promise<number> };
  /** The repository the consumer writes through, given its transaction. */
  repositoryFor: (trx: SqlExecutor) => FileSearchRepository;
  reconciliation: (after: string | null, limit: number) => Promise<IndexReconciliationRow[]>;
  readiness: Record<string, () => Promise<boolean | void>>;
}

/** Composition root of the index service (the CQRS read model): the only place that picks adapters. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    // Messaging (inbox, dead letters, audit) always lives in the service's database; the read model too unless INDEX_STORE=opensearch.
    const infra = await openInfrastructure<unknown>(resources, ctx, [indexMigrations]);
    const store: ReadModelStore = config.INDEX_STORE === 'opensearch' ? await openSearchStore(config) : postgresStore(infra.db);
    const { repository } = store;
    // Views projected before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'listed expedientes', (organism) => repository.adoptUnowned(organism));
    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady, ...store.readiness }, openapi: INDEX_API });
    registerSearchRoutes(app, { repository, timeZone: config.INDEX_TIME_ZONE, defaultOrganism: ctx.auth.defaultOrganism });
    infra.registerAdminRoutes(app, { row: indexReconciliationRowSchema, read: store.reconciliation });
    registerReadModelRoutes(app, { repository, audit: infra.audit, defaultOrganism: ctx.auth.defaultOrganism });
    return {
      app,
      details: { timeZone: config.INDEX_TIME_ZONE, store: config.INDEX_STORE },
      afterListen: () =>
        infra.start([
          indexConsumer({
            unitOfWork: infra.unitOfWork,
            repositoryFor: store.repositoryFor,
            defaultOrganism: ctx.auth.defaultOrganism,
            onDeadLetter: (message, reason) =>
              ctx.logger.error({ messageId: message.envelope.id, type: message.envelope.type, topic: message.topic, reason }, 'message dead-lettered'),
          }),
        ]),
    };
  });
}

/** The read model in the service's database: the consumer writes it in the transaction that records the message in the inbox. */
function postgresStore(db: Parameters<typeof readIndexReconciliation>[0]): ReadModelStore {
  return {
    repository: new PostgresFileSearchRepository(db),
    repositoryFor: (trx) => new PostgresFileSearchRepository(trx),
    reconciliation: (after, limit) => readIndexReconciliation(db, after, limit),
    readiness: {},
  };
}

/**
 * The read model on OpenSearch (ADR 0019). Its writes cannot join the inbox's transaction, and do
 * not need to: each is idempotent by the view's version, so a message redelivered after its
 * transaction rolled back changes nothing, and a half-finished one is finished by the redelivery.
 */
async function openSearchStore(config: IndexConfig): Promise<ReadModelStore> {
  const client = new OpenSearchClient(config.INDEX_OPENSEARCH_URL!);
  const names = indexNamesOf(config.INDEX_OPENSEARCH_INDEX_PREFIX);
  await ensureIndices(client, names);
  const repository = new OpenSearchFileSearchRepository(client, names);
  return {
    repository,
    repositoryFor: () => repository,
    reconciliation: (after, limit) => readOpenSearchIndexReconciliation(client, names, after, limit),
    readiness: {
      opensearch: async () => {
        const { body } = await client.request<{ status: string }>('GET', '/_cluster/health');
        return body.status !== 'red';
      },
    },
  };
}
