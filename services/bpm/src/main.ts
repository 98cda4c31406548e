import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@tramita/kernel';
import { engineServices, readProcedureFile } from '@tramita/bpmn';
import { bpmParticipant, bpmReconciliationRowSchema, bpmSnapshotRowSchema } from '@tramita/contracts';
import { sagaParticipantConsumer } from '@tramita/messaging';
import {
  adoptIntoDefaultOrganism,
  auditRecorderIn,
  openHttpApp,
  openInfrastructure,
  registerKeyedPageRoute,
  startService,
  type RunningService,
  type ServiceContext,
} from '@tramita/platform';
import type { BpmRepositories, UnitOfWork } from './application/ports.ts';
import { registerWorkflowRoutes, BPM_API } from './adapters/http/workflow-routes.ts';
import { registerTaskRoutes } from './adapters/http/task-routes.ts';
import { registerIncidentRoutes } from './adapters/http/incident-routes.ts';
import { registerPlazoRoutes } from './adapters/http/plazo-routes.ts';
import { registerCalendarRoutes } from './adapters/http/calendar-routes.ts';
import { registerProcedureRoutes } from './adapters/http/procedure-routes.ts';
import { bpmCommandHandlers } from './adapters/messaging/bpm-command-handlers.ts';
import { PostgresProcedureRepository } from './adapters/postgres/procedure-repository.postgres.ts';
import { PostgresProcessRepository } from './adapters/postgres/process-repository.postgres.ts';
import { PostgresInstanceRepository } from './adapters/postgres/instance-repository.postgres.ts';
import { PostgresTaskRepository } from './adapters/postgres/task-repository.postgres.ts';
import { PostgresCalendarRepository } from './adapters/postgres/calendar-repository.postgres.ts';
import { PostgresPlazoRepository } from './adapters/postgres/plazo-repository.postgres.ts';
import { PostgresNoticeRepository } from './adapters/postgres/notice-repository.postgres.ts';
import { readBpmSnapshots } from './adapters/postgres/process-snapshots.postgres.ts';
import { readBpmReconciliation } from './adapters/postgres/reconciliation.postgres.ts';
import type { BpmDatabase, BpmDb } from './adapters/postgres/schema.ts';
import { loadConfig } from './config.ts';
import { fireDueTimers } from './application/fire-due-timers.ts';
import { warnCalendarsNotReady } from './application/warn-calendars-not-ready.ts';
import { expireDuePlazos } from './application/expire-plazos.ts';
import { adoptShippedProcedure } from './application/adopt-shipped-procedure.ts';
import { adoptPlazos } from './application/adopt-plazos.ts';
import { recountOpenPlazos } from './application/recount-open-plazos.ts';

/** The original procedure, shipped as a BPMN file with its diagram (ADR 0015). */
const SHIPPED_PROCEDURE = 'EXPEDIENTE';
const SHIPPED_PROCEDURE_FILE = fileURLToPath(new URL('./procedures/expediente.bpmn', import.meta.url));

/** How often bpm checks that next year's calendars are ready (ADR 0016). */
const CALENDAR_CHECK_INTERVAL_MS = 60 * 60 * 1000;
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
      instances: new PostgresInstanceRepository(db),
      calendars: new PostgresCalendarRepository(db),
      plazos: new PostgresPlazoRepository(db),
      notices: new PostgresNoticeRepository(db),
    });
    // Processes started before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'processes', (organism) => repositoriesOf(infra.db).processes.adoptUnowned(organism));
    const unitOfWork: UnitOfWork = {
      run: (cause, work) => infra.unitOfWork.run(cause, (trx, outbox) => work(repositoriesOf(trx), outbox, auditRecorderIn(infra.audit, trx))),
    };
    const services = engineServices;
    const host = { clock, engineServices: services, calendarDefaults: config.calendarDefaults };
    // The original procedure runs on the engine from its shipped BPMN file (ADR 0015), forward-only.
    // Replicas starting together race here; one wins, the others find it done (or log and carry on).
    const adopted = await adoptShippedProcedure(unitOfWork, host, {
      code: SHIPPED_PROCEDURE,
      xml: await readFile(SHIPPED_PROCEDURE_FILE, 'utf8'),
      readBpmn: readProcedureFile,
      defaultOrganism: ctx.auth.defaultOrganism,
    }).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'adopting the shipped procedure failed; another replica may have done it');
      return { deployedVersion: null, migrated: [], skipped: [] };
    });
    if (adopted.deployedVersion !== null || adopted.migrated.length > 0 || adopted.skipped.length > 0) {
      ctx.logger.info(
        { deployedVersion: adopted.deployedVersion, migrated: adopted.migrated.length, skipped: adopted.skipped },
        'shipped procedure adopted from its BPMN file',
      );
    }

    // Expedientes started before legal time get their maximum plazo (ADR 0016), forward-only.
    const openedPlazos = await adoptPlazos(unitOfWork, host).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'opening the plazos of earlier expedientes failed; the next start retries');
      return 0;
    });
    if (openedPlazos > 0) ctx.logger.info({ opened: openedPlazos }, 'maximum plazos opened for expedientes started before legal time');

    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady }, openapi: BPM_API });
    registerWorkflowRoutes(app, {
      repositories: repositoriesOf(infra.db),
      unitOfWork,
      ...host,
      defaultOrganism: ctx.auth.defaultOrganism,
    });
    registerProcedureRoutes(app, {
      repositories: repositoriesOf(infra.db),
      unitOfWork,
      readBpmn: readProcedureFile,
      defaultOrganism: ctx.auth.defaultOrganism,
    });
    registerTaskRoutes(app, { repositories: repositoriesOf(infra.db), unitOfWork, ...host });
    registerIncidentRoutes(app, { unitOfWork, ...host });
    registerPlazoRoutes(app, { repositories: repositoriesOf(infra.db), unitOfWork, clock, calendarDefaults: config.calendarDefaults });
    registerCalendarRoutes(app, {
      repositories: repositoriesOf(infra.db),
      unitOfWork,
      clock,
      calendarDefaults: config.calendarDefaults,
      defaultOrganism: ctx.auth.defaultOrganism,
    });
    infra.registerAdminRoutes(app, { row: bpmReconciliationRowSchema, read: (after, limit) => readBpmReconciliation(infra.db, after, limit) });
    registerKeyedPageRoute(app, {
      service: 'bpm',
      resource: 'snapshots',
      summary:
        "One page of the live processes' snapshots and maximum plazos (what ProcessAdvanced and PlazoChanged carry), for rebuilding the read model (admin)",
      row: bpmSnapshotRowSchema,
      read: (after, limit) => readBpmSnapshots(infra.db, after, limit),
      defaultOrganism: ctx.auth.defaultOrganism,
      maxPage: 1_000,
    });

    return {
      app,
      afterListen: async () => {
        await infra.start([
          sagaParticipantConsumer(bpmParticipant, {
            unitOfWork: infra.unitOfWork,
            handlers: bpmCommandHandlers({
              repositoriesOf,
              ...host,
              defaultProcedureCode: config.defaultProcedureCode,
              defaultOrganism: ctx.auth.defaultOrganism,
            }),
          }),
        ]);
        // The open plazos are counted again on this release's calendars, in the background (ADR 0016).
        let closing = false;
        const recount = recountOpenPlazos(unitOfWork, host, { stopped: () => closing })
          .then((changed) => {
            if (changed > 0) ctx.logger.info({ changed }, 'open plazos counted again on the installed calendars');
          })
          .catch((error: unknown) => ctx.logger.warn({ err: error }, 'counting the open plazos again failed; the next start retries'));
        resources.onClose('plazo recount', async () => {
          closing = true;
          await recount;
        });
        // Due timers fire here, once across every replica (ADR 0015, point 3).
        let firing: Promise<void> | null = null;
        const tick = () => {
          // …and the plazos whose end passed get their legal outcome (ADR 0016), the same way.
          firing ??= fireDueTimers(unitOfWork, host, 50)
            .then(async (fired) => {
              if (fired > 0) ctx.logger.info({ fired }, 'timers fired');
              const expired = await expireDuePlazos(unitOfWork, host, 50);
              if (expired > 0) ctx.logger.info({ expired }, 'plazos expired');
            })
            .catch((error: unknown) => ctx.logger.warn({ err: error }, 'firing timers failed; retrying next round'))
            .finally(() => {
              firing = null;
            });
        };
        const timer = config.timerIntervalMs > 0 ? setInterval(tick, config.timerIntervalMs) : undefined;
        timer?.unref();
        resources.onClose('timer poller', async () => {
          clearInterval(timer);
          await firing;
        });
        // The autumn check of next year's calendars (ADR 0016): at start and every hour, with the timers.
        let checking: Promise<void> | null = null;
        const checkCalendars = () => {
          checking ??= warnCalendarsNotReady(unitOfWork, { ...host, defaultOrganism: ctx.auth.defaultOrganism })
            .then((told) => {
              if (told > 0) ctx.logger.info({ told }, "organisms told that next year's calendar is not ready");
            })
            .catch((error: unknown) => ctx.logger.warn({ err: error }, 'checking next year’s calendars failed; retrying next round'))
            .finally(() => {
              checking = null;
            });
        };
        if (config.timerIntervalMs > 0) checkCalendars();
        const readiness = config.timerIntervalMs > 0 ? setInterval(checkCalendars, CALENDAR_CHECK_INTERVAL_MS) : undefined;
        readiness?.unref();
        resources.onClose('calendar readiness check', async () => {
          clearInterval(readiness);
          await checking;
        });
      },
    };
  });
}
