import { fileURLToPath } from 'node:url';
import { systemClock } from '@tramita/kernel';
import { bpmReconciliationRowSchema } from '@tramita/contracts';
import { createHttpApp, listen, openServiceInfrastructure, registerReconciliationRoute, ROLES, type RunningService, type ServiceContext } from '@tramita/platform';
import type { BpmRepositories, BpmTransactions } from './application/ports.ts';
import { registerRoutes } from './adapters/http/routes.ts';
import { bpmCommandsConsumer } from './adapters/messaging/bpm-commands.consumer.ts';
import { PostgresProcedureRepository } from './adapters/postgres/procedure-repository.postgres.ts';
import { PostgresProcessRepository } from './adapters/postgres/process-repository.postgres.ts';
import { readBpmReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import type { BpmDatabase, BpmDb } from './adapters/postgres/schema.ts';
import { loadBpmConfig } from './config.ts';

const migrations = { name: 'bpm', directory: fileURLToPath(new URL('./adapters/postgres/migrations', import.meta.url)) };

/** Composition root of the bpm service: procedure definitions and process instances. */
export async function start(ctx: ServiceContext): Promise<RunningService> {
  const config = loadBpmConfig(ctx.env);
  const infra = await openServiceInfrastructure<BpmDatabase>(ctx, [migrations]);
  const clock = systemClock;
  const repositoriesOf = (db: BpmDb): BpmRepositories => ({
    processes: new PostgresProcessRepository(db),
    procedures: new PostgresProcedureRepository(db),
  });
  const transactions: BpmTransactions = {
    run: (cause, work) => infra.unitOfWork.run(cause, (trx, outbox) => work(repositoriesOf(trx), outbox)),
  };

  const app = await createHttpApp({
    service: 'bpm',
    logger: ctx.logger,
    verifyToken: ctx.verifyToken,
    readiness: { database: infra.databaseReady },
    openapi: {
      title: 'Tramita bpm',
      description: 'Procedure definitions (the workflow as versioned data) and the process of each expediente.',
      tags: [
        { name: 'workflow', description: 'Phase and history of an expediente, and moving it between phases' },
        { name: 'procedures', description: 'Procedure definitions: phases, transitions and the role allowed for each' },
      ],
    },
  });
  registerRoutes(app, { repositories: repositoriesOf(infra.db), transactions, clock, knownRoles: ROLES });
  infra.registerAdminRoutes(app);
  registerReconciliationRoute(app, { service: 'bpm', row: bpmReconciliationRowSchema, read: (after, limit) => readBpmReconciliation(infra.db, after, limit) });

  const url = await listen(app, ctx);
  await infra.start([
    bpmCommandsConsumer({
      unitOfWork: infra.unitOfWork,
      repositoriesOf,
      clock,
      defaultProcedureCode: config.defaultProcedureCode,
    }),
  ]);
  ctx.logger.info({ url }, 'bpm started');

  return {
    name: 'bpm',
    url,
    app,
    async stop() {
      await app.close();
      await infra.close();
    },
  };
}
