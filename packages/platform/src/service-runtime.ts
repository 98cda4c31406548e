import { sql, type Kysely, type Transaction } from 'kysely';
import { messagingMigrations, OutboxRelay, startMessagingUpkeep, UnitOfWork, type MessageTransport, type Subscription } from '@tramita/messaging';
import { openDatabase, type Database, type DatabaseLocation } from './database.ts';
import type { Logger } from './logger.ts';
import { migrate, type MigrationSet } from './migrations.ts';
import type { HttpApp } from './http-app.ts';
import type { TokenVerifier } from './auth.ts';
import { registerMessagingAdminRoute } from './messaging-admin.ts';
import { metricsOf } from './metrics.ts';
import { listenForOutboxCommits } from './outbox-commit-listener.ts';
import { messagingUpkeepSettings, type MessagingUpkeepSettings } from './messaging-upkeep-config.ts';
import { registerReconciliationRoute, type ReconciliationSource } from './reconciliation-route.ts';
import { tokenRevocationFeed, tokenRevocationMigrations, type TokenRevocationList } from './token-revocation.ts';
import { auditMigrations } from './audit/audit-log.ts';
import { recordRefusals, registerAuditRoutes, startAuditCheckpoints } from './audit/audit-routes.ts';
import { SqlAuditTrail } from './audit/audit-trail.ts';

import type { ServiceName } from './service-names.ts';

export { SERVICE_NAMES, SERVICES_WITH_DATABASE, REPLICABLE_SERVICES, type ServiceName, type ServiceWithDatabase } from './service-names.ts';

/**
 * Everything a service's composition root receives from whoever starts it (the all-in-one
 * launcher or `tramita start --target <service>`). Service-specific settings come from `env`.
 */
export interface ServiceContext {
  name: ServiceName;
  env: Record<string, string | undefined>;
  logger: Logger;
  transport: MessageTransport;
  database: DatabaseLocation;
  /** Where this service's HTTP server listens (port 0: any free port). */
  /** Where the service listens; `metricsPort` also serves `/metrics` alone on a port of its own (METRICS_PORT, ADR 0022). */
  listen: { host: string; port: number; metricsPort?: number | undefined };
  /** The public base URL users reach (the gateway), e.g. http://localhost:8080. */
  publicUrl: string;
  /** OIDC issuer and audience that access tokens must carry; keys from `jwksUrl`. */
  /** The issuer and audience of access tokens, where their keys are, and the organism (DIR3) of tokens that name none (ADR 0013). */
  auth: { issuer: string; audience: string; jwksUrl: string; defaultOrganism: string };
  /** Verifies access tokens (built once by the launcher from `auth`). */
  verifyToken: TokenVerifier;
  /**
   * The revocation list `verifyToken` consults (ADR 0010). Services with a database feed it from
   * auth.events through their infrastructure; absent, nothing is fed.
   */
  revocations?: TokenRevocationList;
  /** Base URLs of the other services, for the few HTTP calls between them (gateway composition). */
  serviceUrls: Partial<Record<ServiceName, string>>;
  /** Directory for files the service keeps outside its database (docs blobs, auth keys). */
  dataDir: string;
  /** Fault-injection hooks used only by crash tests. */
  testHooks?: { relayDelayMs?: number };
}

export interface RunningService {
  name: ServiceName;
  /** Base URL the service listens on. */
  url: string;
  app: HttpApp;
  stop(): Promise<void>;
}

/** The database, outbox relay and unit of work of one service. */
export interface ServiceInfrastructure<DB> {
  db: Kysely<DB>;
  /** Transactions of the service's own schema, with the outbox. */
  unitOfWork: UnitOfWork<Transaction<DB>>;
  relay: OutboxRelay;
  /** The service's audit trail, one hash chain in its database (ADR 0014). */
  audit: SqlAuditTrail;
  /** Readiness probe: the database answers. */
  databaseReady: () => Promise<void>;
  /**
   * Adds `GET /api/admin/<service>/messaging` (outbox, sagas, consumer backlog, dead letters) to the
   * app and, given how to read them, the service's reconciliation pages for the consistency check;
   * and the audit trail's admin routes, with the hook that records every refused access.
   */
  registerAdminRoutes<Row extends { code: string }>(app: HttpApp, reconciliation?: ReconciliationSource<Row>): void;
  /** Subscribes consumers, then starts the relay (after the HTTP server listens). */
  start(subscriptions: Subscription[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database, runs messaging and service migrations, prepares relay and unit of work. */
export async function openServiceInfrastructure<DB>(ctx: ServiceContext, migrations: MigrationSet[]): Promise<ServiceInfrastructure<DB>> {
  // A bad MESSAGING_* value stops the start before anything is opened.
  const upkeep = messagingUpkeepSettings(ctx.env);
  const database = await openDatabase<DB>(ctx.database, {
    onConnectionError: (error) => ctx.logger.warn({ err: error }, 'database connection lost; a new one is opened when needed'),
  });
  try {
    return await prepareInfrastructure<DB>(ctx, database, migrations, upkeep);
  } catch (error) {
    // Migrations, the relay or the revocation list failed: nothing stays open.
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function prepareInfrastructure<DB>(
  ctx: ServiceContext,
  database: Database<DB>,
  migrations: MigrationSet[],
  upkeepSettings: MessagingUpkeepSettings,
): Promise<ServiceInfrastructure<DB>> {
  const applied = await migrate(database.db, [messagingMigrations, auditMigrations, ...(ctx.revocations ? [tokenRevocationMigrations] : []), ...migrations]);
  if (applied.length > 0) ctx.logger.info({ migrations: applied }, 'migrations applied');
  const relay = new OutboxRelay(database.db, ctx.transport, {
    onError: (error) => ctx.logger.warn({ err: error }, 'outbox relay round failed; retrying'),
    exclusivity: ctx.database.kind === 'postgres' ? 'advisory-lock' : 'none',
    ...(ctx.testHooks?.relayDelayMs ? { delayBeforePublishMs: ctx.testHooks.relayDelayMs } : {}),
  });
  const unitOfWork = new UnitOfWork(database.db, () => relay.committed());
  // Every service with a database refuses revoked access tokens (ADR 0010).
  const revocations = ctx.revocations
    ? tokenRevocationFeed({ service: ctx.name, db: database.db, unitOfWork, list: ctx.revocations, logger: ctx.logger })
    : undefined;
  // Before the service listens: a restart forgets no revocation still in force.
  await revocations?.load();
  const audit = new SqlAuditTrail(ctx.name, database.db);
  let checkpoints: { stop(): void } | undefined;
  let upkeep: { stop(): Promise<void> } | undefined;
  let commitListener: { stop(): Promise<void> } | undefined;
  return {
    db: database.db,
    unitOfWork,
    relay,
    audit,
    databaseReady: async () => {
      await sql`select 1`.execute(database.db);
    },
    registerAdminRoutes(app, reconciliation) {
      registerMessagingAdminRoute(app, { service: ctx.name, db: database.db, transport: ctx.transport, defaultOrganism: ctx.auth.defaultOrganism });
      metricsOf(app).addMessaging(database.db, ctx.transport);
      if (reconciliation) registerReconciliationRoute(app, { service: ctx.name, defaultOrganism: ctx.auth.defaultOrganism, ...reconciliation });
      registerAuditRoutes(app, { service: ctx.name, db: database.db, defaultOrganism: ctx.auth.defaultOrganism });
      recordRefusals(app, audit);
    },
    async start(subscriptions) {
      if (revocations) {
        await ctx.transport.subscribe(revocations.subscription);
        revocations.start();
      }
      for (const subscription of subscriptions) await ctx.transport.subscribe(subscription);
      relay.start();
      // On PostgreSQL every replica's commit wakes every replica's relay (ADR 0018); embedded, the
      // unit of work wakes the one relay in process.
      if (ctx.database.kind === 'postgres')
        commitListener = listenForOutboxCommits(ctx.database.url, relay, {
          onConnectionLost: (error) => ctx.logger.warn({ err: error }, 'outbox commit listener lost its connection; the relay polls until it is back'),
        });
      checkpoints = startAuditCheckpoints(database.db, auditCheckpointIntervalMs(ctx.env), ctx.logger);
      // Published outbox rows and old inbox ids are pruned on every replica (ADR 0003, Upkeep).
      if (upkeepSettings.intervalMs !== null)
        upkeep = startMessagingUpkeep({ db: database.db, retention: upkeepSettings.retention, intervalMs: upkeepSettings.intervalMs, logger: ctx.logger });
    },
    async close() {
      checkpoints?.stop();
      await upkeep?.stop();
      revocations?.stop();
      await commitListener?.stop();
      await relay.stop();
      await database.close();
    },
  };
}

/** How often each replica checkpoints its audit chain's head (AUDIT_CHECKPOINT_INTERVAL_MS, default 5 minutes). */
function auditCheckpointIntervalMs(env: Record<string, string | undefined>): number {
  const raw = env.AUDIT_CHECKPOINT_INTERVAL_MS;
  if (raw === undefined || raw === '') return 5 * 60_000;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1_000)
    throw new Error(`AUDIT_CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds from 1000, not "${raw}".`);
  return value;
}

/** Listens and returns the base URL. */
export async function listen(app: HttpApp, ctx: ServiceContext): Promise<string> {
  const address = await app.listen({ host: ctx.listen.host, port: ctx.listen.port });
  return address.replace('[::1]', 'localhost');
}
