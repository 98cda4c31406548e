import { fileURLToPath } from 'node:url';
import { systemClock } from '@tramita/kernel';
import { SagaEngine, SagaNotifier, SagaStatusStreams, sagaRepliesConsumer, SqlSagaStore, startSagaSweeper, type SqlExecutor } from '@tramita/messaging';
import { fileSnapshotRowSchema, filesReconciliationRowSchema } from '@tramita/contracts';
import {
  adoptIntoDefaultOrganism,
  openHttpApp,
  openInfrastructure,
  registerKeyedPageRoute,
  startService,
  type RunningService,
  type ServiceContext,
} from '@tramita/platform';
import type { FilesPorts } from './application/ports.ts';
import { createFileSaga, type CreateFileSagaData } from './application/sagas/create-file.saga.ts';
import { HttpProcedureCatalogue } from './adapters/bpm/procedure-catalogue.http.ts';
import { registerFileRoutes, FILES_API } from './adapters/http/files-routes.ts';
import { registerInitialOptionRoutes } from './adapters/http/initial-option-routes.ts';
import { registerInteresadoRoutes } from './adapters/http/interesado-routes.ts';
import { registerRelationRoutes } from './adapters/http/relation-routes.ts';
import { registerSagaRoutes } from './adapters/http/saga-routes.ts';
import { bpmEventsConsumer } from './adapters/messaging/bpm-events.consumer.ts';
import { PostgresFileRelationRepository } from './adapters/postgres/file-relation-repository.postgres.ts';
import { PostgresFileRepository } from './adapters/postgres/file-repository.postgres.ts';
import { PostgresInitialOptionRepository } from './adapters/postgres/initial-option-repository.postgres.ts';
import { PostgresInteresadoRepository } from './adapters/postgres/interesado-repository.postgres.ts';
import { readFileSnapshots } from './adapters/postgres/file-snapshots.postgres.ts';
import { readFilesReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import { loadConfig } from './config.ts';

const migrations = { name: 'files', directory: fileURLToPath(new URL('./adapters/postgres/migrations', import.meta.url)) };

/** Composition root of the files service: the only place that picks adapters. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const infra = await openInfrastructure<unknown>(resources, ctx, [migrations]);
    const db = infra.db;

    const ports: FilesPorts<SqlExecutor> = {
      unitOfWork: infra.unitOfWork,
      filesIn: (trx) => new PostgresFileRepository(trx, { lock: true }),
      optionsIn: (trx) => new PostgresInitialOptionRepository(trx),
      interesadosIn: (trx) => new PostgresInteresadoRepository(trx),
      relationsIn: (trx) => new PostgresFileRelationRepository(trx),
      files: new PostgresFileRepository(db),
      options: new PostgresInitialOptionRepository(db),
      interesados: new PostgresInteresadoRepository(db),
      relations: new PostgresFileRelationRepository(db),
      audit: infra.audit,
      clock: systemClock,
    };
    // Expedientes written before organisms existed belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'expedientes', (organism) => ports.files.adoptUnowned(organism));
    const notifier = new SagaNotifier();
    const engine = new SagaEngine<CreateFileSagaData, SqlExecutor>(
      createFileSaga({ filesIn: ports.filesIn, timeoutMs: config.FILES_SAGA_TIMEOUT_MS }),
      new SqlSagaStore(db),
      { onChange: notifier.changed },
    );

    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady }, openapi: FILES_API });
    // Closed before the server, which would otherwise wait for every client of a status stream.
    const streams = new SagaStatusStreams();
    resources.onClose('saga status streams', () => streams.closeAll());
    // In the all-in-one bpm starts before files, so its address is known here; elsewhere TRAMITA_BPM_URL gives it.
    const bpmUrl = ctx.serviceUrls.bpm;
    registerInitialOptionRoutes(app, {
      ports,
      procedures: (asker) => new HttpProcedureCatalogue({ bpmUrl, asker, timeoutMs: config.FILES_PROCEDURE_CATALOGUE_TIMEOUT_MS }),
      defaultOrganism: ctx.auth.defaultOrganism,
    });
    infra.registerAdminRoutes(app, { row: filesReconciliationRowSchema, read: (after, limit) => readFilesReconciliation(db, after, limit) });
    registerKeyedPageRoute(app, {
      service: 'files',
      resource: 'snapshots',
      summary: "One page of the expedientes' snapshots (what FileUpdated carries), for rebuilding the read model (admin)",
      row: fileSnapshotRowSchema,
      read: (after, limit) => readFileSnapshots(db, after, limit),
      defaultOrganism: ctx.auth.defaultOrganism,
      maxPage: 1_000,
    });
    registerFileRoutes(app, { ports, engine, notifier });
    registerInteresadoRoutes(app, { ports });
    registerRelationRoutes(app, { ports });
    registerSagaRoutes(
      app,
      {
        find: (id) => engine.find(id),
        notifier,
        pollMs: config.FILES_SSE_POLL_MS,
        heartbeatMs: config.FILES_SSE_HEARTBEAT_MS,
        defaultOrganism: ctx.auth.defaultOrganism,
      },
      streams,
    );

    return {
      app,
      afterListen: async () => {
        await infra.start([
          sagaRepliesConsumer({ service: 'files', engine, unitOfWork: infra.unitOfWork, notifier }),
          bpmEventsConsumer({ unitOfWork: infra.unitOfWork, filesIn: ports.filesIn }),
        ]);
        const sweeper = startSagaSweeper({
          service: 'files',
          engine,
          unitOfWork: infra.unitOfWork,
          notifier,
          intervalMs: config.FILES_SAGA_SWEEP_INTERVAL_MS,
          logger: ctx.logger,
        });
        resources.onClose('saga sweeper', () => sweeper.stop());
      },
    };
  });
}
