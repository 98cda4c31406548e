import { indexReconciliationRowSchema } from '@tramita/contracts';
import {
  createHttpApp,
  listen,
  loadConfig,
  openServiceInfrastructure,
  registerReconciliationRoute,
  type HttpApp,
  type RunningService,
  type ServiceContext,
} from '@tramita/platform';
import { registerIndexRoutes } from './adapters/http/routes.ts';
import { indexConsumer } from './adapters/messaging/index-consumer.ts';
import { indexMigrations } from './adapters/postgres/migrations.ts';
import { readIndexReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import { PostgresFileSearchRepository } from './adapters/postgres/file-search-repository.postgres.ts';
import { indexConfigSchema } from './config.ts';

/** Composition root of the index service (the CQRS read model). */
export async function start(ctx: ServiceContext): Promise<RunningService> {
  const config = loadConfig(indexConfigSchema, ctx.env, 'index configuration');
  const infra = await openServiceInfrastructure<unknown>(ctx, [indexMigrations]);
  let app: HttpApp | undefined;
  try {
    const repository = new PostgresFileSearchRepository(infra.db);
    app = await createHttpApp({
      service: 'index',
      logger: ctx.logger,
      verifyToken: ctx.verifyToken,
      readiness: { database: infra.databaseReady },
      openapi: {
        title: 'Tramita index',
        description: 'Read model of expedientes: list, full-text search, filters, sort and pagination.',
        tags: [
          { name: 'search', description: 'Expediente list and search' },
          { name: 'index', description: 'Read model operations' },
        ],
      },
    });
    const ready = app;
    registerIndexRoutes(ready, { repository, timeZone: config.INDEX_TIME_ZONE });
    infra.registerAdminRoutes(ready);
    registerReconciliationRoute(ready, { service: 'index', row: indexReconciliationRowSchema, read: (after, limit) => readIndexReconciliation(infra.db, after, limit) });
    const url = await listen(ready, ctx);
    await infra.start([
      indexConsumer({
        unitOfWork: infra.unitOfWork,
        repositoryFor: (trx) => new PostgresFileSearchRepository(trx),
        onDeadLetter: (message, reason) =>
          ctx.logger.error({ messageId: message.envelope.id, type: message.envelope.type, topic: message.topic, reason }, 'message dead-lettered'),
      }),
    ]);
    ctx.logger.info({ url, timeZone: config.INDEX_TIME_ZONE }, 'index started');
    return {
      name: 'index',
      url,
      app: ready,
      async stop() {
        await ready.close();
        await infra.close();
      },
    };
  } catch (error) {
    await app?.close();
    await infra.close();
    throw error;
  }
}
