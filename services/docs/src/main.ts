import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
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
import type { EniIssuer } from './application/eni-issuer.ts';
import { SedeTime } from './application/sede-time.ts';
import { sweepUnattachedDocuments } from './application/sweep-unattached-documents.ts';
import { HttpFileRecords } from './adapters/files/file-records.http.ts';
import { registerDocumentChangeRoutes } from './adapters/http/document-change-routes.ts';
import { DocumentPresenter } from './adapters/http/document-dto.ts';
import { registerEniRoutes } from './adapters/http/eni-routes.ts';
import { registerVerificationRoutes } from './adapters/http/verification-routes.ts';
import { bpmEventsConsumer } from './adapters/messaging/bpm-events.consumer.ts';
import { XadesSealSigner } from './adapters/seal/seal-signer.xades.ts';
import { FilesystemBlobStore } from './adapters/filesystem/blob-store.filesystem.ts';
import { registerDocumentRoutes, DOCS_API } from './adapters/http/document-routes.ts';
import { FileTypeSniffer } from './adapters/media/media-type-sniffer.file-type.ts';
import { docsCommandHandlers } from './adapters/messaging/docs-command-handlers.ts';
import { docsMigrations, type DocsDatabase } from './adapters/postgres/database.ts';
import { postgresDocsRepositories, postgresDocumentTransactions } from './adapters/postgres/document-transactions.postgres.ts';
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
    const repositories = postgresDocsRepositories(infra.db);
    const documents = repositories.documents;
    // Documents attached before organisms belong to the default organism (ADR 0013).
    await adoptIntoDefaultOrganism(ctx, 'attached documents', (organism) => documents.adoptUnowned(organism));
    const sede = new SedeTime(config.timeZone);
    const issuer: EniIssuer = { random: (length) => new Uint8Array(randomBytes(length)), sede, csvPolicy: config.csv };
    if (!config.csv) logger.warn('no CSV regulation configured (DOCS_CSV_REGULATION): documents get no CSV and cannot be exported as ENI');
    const signer = config.seal ? await XadesSealSigner.open(config.seal) : null;
    const files = new HttpFileRecords({ filesUrl: ctx.serviceUrls.files, timeoutMs: config.filesTimeoutMs });
    const transactions = postgresDocumentTransactions(infra.db, infra.audit);
    const presenter = new DocumentPresenter(repositories.csvs, documents, sede);
    const sniffer = new FileTypeSniffer();
    const policy = { maxBytes: config.maxUploadBytes, allowedMediaTypes: config.allowedMediaTypes };

    const app = await openHttpApp(resources, ctx, {
      readiness: { database: infra.databaseReady, ...store.readiness },
      openapi: DOCS_API,
    });
    infra.registerAdminRoutes(app);
    await registerDocumentRoutes(app, {
      documents,
      transactions,
      audit: infra.audit,
      blobs,
      sniffer,
      clock,
      policy,
      uploadIdleTimeoutMs: config.uploadIdleTimeoutMs,
      presenter,
    });
    const writes = { repositories, transactions, files, issuer, blobs, sniffer, clock, policy, uploadIdleTimeoutMs: config.uploadIdleTimeoutMs, presenter };
    registerDocumentChangeRoutes(app, writes);
    registerEniRoutes(app, { ...writes, signer, maxImportBytes: config.maxImportBytes });
    registerVerificationRoutes(app, {
      repositories,
      blobs,
      issuer,
      audit: infra.audit,
      minMs: config.verificationMinMs,
      elapsed: () => performance.now(),
      sleep: (ms) => sleep(ms),
    });

    return {
      app,
      afterListen: async () => {
        const repositoriesIn = (trx: Kysely<DocsDatabase>) => postgresDocsRepositories(trx);
        const handlers = docsCommandHandlers(repositoriesIn, clock, issuer, ctx.auth.defaultOrganism);
        await infra.start([
          sagaParticipantConsumer(docsParticipant, { unitOfWork: infra.unitOfWork, handlers }),
          bpmEventsConsumer({ unitOfWork: infra.unitOfWork, repositoriesIn, issuer, signer, clock, defaultOrganism: ctx.auth.defaultOrganism }),
        ]);
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
