import { indexReconciliationRowSchema } from '@tramita/contracts';
import { adoptIntoDefaultOrganism, openHttpApp, openInfrastructure, startService, type RunningService, type ServiceContext } from '@tramita/platform';
import { registerSearchRoutes, INDEX_API } from './adapters/http/search-routes.ts';
import { indexConsumer } from './adapters/messaging/index-events.consumer.ts';
import { indexMigrations } from './adapters/postgres/migrations.ts';
import { readIndexReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import { PostgresFileSearchRepository } from './adapters/postgres/file-search-repository.postgres.ts';
import { loadConfig } from './config.ts';

/** Composition root of the index service (the CQRS read model): the only place that picks adapters. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const infra = await openInfrastructure<unknown>(resources, ctx, [indexMigrations]);
    const repository = new PostgresFileSearchRepository(infra.db);
    // Views projected before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'listed expedientes', (organism) => repository.adoptUnowned(organism));
    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady }, openapi: INDEX_API });
    registerSearchRoutes(app, { repository, timeZone: config.INDEX_TIME_ZONE, defaultOrganism: ctx.auth.defaultOrganism });
    infra.registerAdminRoutes(app, { row: indexReconciliationRowSchema, read: (after, limit) => readIndexReconciliation(infra.db, after, limit) });
    return {
      app,
      details: { timeZone: config.INDEX_TIME_ZONE },
      afterListen: () =>
        infra.start([
          indexConsumer({
            unitOfWork: infra.unitOfWork,
            repositoryFor: (trx) => new PostgresFileSearchRepository(trx),
            defaultOrganism: ctx.auth.defaultOrganism,
            onDeadLetter: (message, reason) =>
              ctx.logger.error({ messageId: message.envelope.id, type: message.envelope.type, topic: message.topic, reason }, 'message dead-lettered'),
          }),
        ]),
    };
  });
}
