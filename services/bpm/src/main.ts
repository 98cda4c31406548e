import { fileURLToPath } from 'node:url';
import { systemClock } from '@tramita/kernel';
import { bpmParticipant, bpmReconciliationRowSchema } from '@tramita/contracts';
import { sagaParticipantConsumer } from '@tramita/messaging';
import {
  adoptIntoDefaultOrganism,
  auditRecorderIn,
  openHttpApp,
  openInfrastructure,
  ROLES,
  startService,
  type RunningService,
  type ServiceContext,
} from '@tramita/platform';
import type { BpmRepositories, UnitOfWork } from './application/ports.ts';
import { registerWorkflowRoutes, BPM_API } from './adapters/http/workflow-routes.ts';
import { bpmCommandHandlers } from './adapters/messaging/bpm-command-handlers.ts';
import { PostgresProcedureRepository } from './adapters/postgres/procedure-repository.postgres.ts';
import { PostgresProcessRepository } from './adapters/postgres/process-repository.postgres.ts';
import { PostgresTaskRepository } from './adapters/postgres/task-repository.postgres.ts';
import { readBpmReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import type { BpmDatabase, BpmDb } from './adapters/postgres/schema.ts';
import { loadConfig } from './config.ts';

const migrations = { name: 'bpm', directory: fileURLToPath(new URL('./adapters/postgres/migrations', import.meta.url)) };

/** Composition root of the bpm service (procedure definitions and process instances): the only place that picks adapters. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const infra = await openInfrastructure<BpmDatabase>(resources, ctx, [migrations]);
    const clock = systemClock;
    const repositoriesOf = (db: BpmDb): BpmRepositories => ({
      processes: new PostgresProcessRepository(db),
      procedures: new PostgresProcedureRepository(db),
      tasks: new PostgresTaskRepository(db),
    });
    // Processes started before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'processes', (organism) => repositoriesOf(infra.db).processes.adoptUnowned(organism));
    const unitOfWork: UnitOfWork = {
      run: (cause, work) => infra.unitOfWork.run(cause, (trx, outbox) => work(repositoriesOf(trx), outbox, auditRecorderIn(infra.audit, trx))),
    };

    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady }, openapi: BPM_API });
    registerWorkflowRoutes(app, { repositories: repositoriesOf(infra.db), unitOfWork, clock, knownRoles: ROLES, defaultOrganism: ctx.auth.defaultOrganism });
    infra.registerAdminRoutes(app, { row: bpmReconciliationRowSchema, read: (after, limit) => readBpmReconciliation(infra.db, after, limit) });

    return {
      app,
      afterListen: () =>
        infra.start([
          sagaParticipantConsumer(bpmParticipant, {
            unitOfWork: infra.unitOfWork,
            handlers: bpmCommandHandlers({
              repositoriesOf,
              clock,
              defaultProcedureCode: config.defaultProcedureCode,
              defaultOrganism: ctx.auth.defaultOrganism,
            }),
          }),
        ]),
    };
  });
}
