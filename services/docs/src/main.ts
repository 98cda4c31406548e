import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { docsParticipant } from '@tramita/contracts';
import { systemClock } from '@tramita/kernel';
import { sagaParticipantConsumer } from '@tramita/messaging';
import {
  adoptIntoDefaultOrganism,
  openHttpApp,
  openInfrastructure,
  startService,
  type ReadinessCheck,
  type RunningService,
  type ServiceContext,
} from '@tramita/platform';
import { sweepUnattachedDocuments } from './application/sweep-unattached-documents.ts';
import { FilesystemBlobStore } from './adapters/filesystem/blob-store.filesystem.ts';
import { registerDocumentRoutes, DOCS_API } from './adapters/http/document-routes.ts';
import { FileTypeSniffer } from './adapters/media/media-type-sniffer.file-type.ts';
import { docsCommandHandlers } from './adapters/messaging/docs-command-handlers.ts';
import { docsMigrations, type DocsDatabase } from './adapters/postgres/database.ts';
import { postgresDocumentTransactions } from './adapters/postgres/document-transactions.postgres.ts';
import { PostgresDocumentRepository } from './adapters/postgres/document-repository.postgres.ts';
import { S3BlobStore } from './adapters/s3/blob-store.s3.ts';
import type { BlobStore } from './application/blob-store.ts';
import { loadConfig, type BlobStoreConfig } from './config.ts';

/** Composition root of the docs service: the only place that picks adapters. */
export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const clock = systemClock;
    const logger = ctx.logger;

    const store = await resources.open(
      'blob store',
      () => openBlobStore(config.blobStore, ctx),
      (opened) => opened.close(),
    );
    const blobs = store.blobs;
    const infra = await openInfrastructure<DocsDatabase>(resources, ctx, [docsMigrations]);
    const documents = new PostgresDocumentRepository(infra.db);
    // Documents attached before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'attached documents', (organism) => documents.adoptUnowned(organism));

    const app = await openHttpApp(resources, ctx, {
      readiness: { database: infra.databaseReady, ...store.readiness },
      openapi: DOCS_API,
    });
    infra.registerAdminRoutes(app);
    await registerDocumentRoutes(app, {
      documents,
      transactions: postgresDocumentTransactions(infra.db, infra.audit),
      audit: infra.audit,
      blobs,
      sniffer: new FileTypeSniffer(),
      clock,
      policy: { maxBytes: config.maxUploadBytes, allowedMediaTypes: config.allowedMediaTypes },
      uploadIdleTimeoutMs: config.uploadIdleTimeoutMs,
    });

    return {
      app,
      afterListen: async () => {
        const handlers = docsCommandHandlers((trx: Kysely<DocsDatabase>) => new PostgresDocumentRepository(trx), clock, ctx.auth.defaultOrganism);
        await infra.start([sagaParticipantConsumer(docsParticipant, { unitOfWork: infra.unitOfWork, handlers })]);
        let sweeping: Promise<void> | null = null;
        const sweep = () => {
          sweeping ??= sweepUnattachedDocuments({ documents, blobs, clock }, { ttlHours: config.unattachedTtlHours })
            .then((removed) => {
              if (removed.length > 0) logger.info({ removed: removed.length }, 'unattached uploads swept');
            })
            .catch((error: unknown) => logger.warn({ err: error }, 'sweeping unattached uploads failed; retrying next round'))
            .finally(() => {
              sweeping = null;
            });
        };
        const timer = config.sweepIntervalMs > 0 ? setInterval(sweep, config.sweepIntervalMs) : undefined;
        timer?.unref();
        resources.onClose('unattached uploads sweep', async () => {
          clearInterval(timer);
          await sweeping;
        });
      },
    };
  });
}

interface OpenedBlobStore {
  blobs: BlobStore;
  readiness: Record<string, ReadinessCheck>;
  close(): void;
}

/** The configured blob store: a bucket shared by every replica, or a directory of this machine. */
async function openBlobStore(config: BlobStoreConfig, ctx: ServiceContext): Promise<OpenedBlobStore> {
  if (config.kind === 's3') {
    const store = await S3BlobStore.open(config);
    // Never the credentials.
    ctx.logger.info({ endpoint: config.endpoint, bucket: config.bucket, prefix: config.prefix }, 'documents stored in S3');
    return { blobs: store, readiness: { blobs: () => store.ready() }, close: () => store.close() };
  }
  let dataDir = ctx.dataDir;
  if (!dataDir) {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-docs-'));
    ctx.logger.warn({ dataDir }, 'no data directory configured; document contents go to a temporary directory');
  }
  return { blobs: await FilesystemBlobStore.open(join(dataDir, 'blobs')), readiness: {}, close: () => undefined };
}
