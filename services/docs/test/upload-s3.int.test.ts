import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../src/adapters/s3/s3-client.ts';
import { removeTestBucket, testS3Endpoint, testS3Settings } from './s3-test-server.ts';
import { PDF_BYTES, sha256, startDocs, testUsers, type DocsHarness } from './helpers.ts';

/**
 * The docs service configured as the Kubernetes manifests configure it (DOCS_BLOB_STORE=s3),
 * against a real S3-compatible server (scripts/infra/s3.sh; `npm run test:infra` sets TEST_S3_*):
 * uploads and downloads over HTTP land in the bucket, never on the local disk.
 */
const MIB = 1024 * 1024;

describe.skipIf(!testS3Endpoint)('docs service on S3: upload and download over HTTP', () => {
  const s3 = testS3Settings('tramita-docs-int');
  const { bucket } = s3;
  const prefix = `run-${randomBytes(3).toString('hex')}/`;
  let docs: DocsHarness;
  let admin: S3Client;

  beforeAll(async () => {
    docs = await startDocs({
      DOCS_BLOB_STORE: 's3',
      DOCS_S3_ENDPOINT: s3.endpoint,
      DOCS_S3_BUCKET: bucket,
      DOCS_S3_REGION: s3.region,
      DOCS_S3_FORCE_PATH_STYLE: 'true',
      DOCS_S3_ACCESS_KEY_ID: s3.accessKeyId,
      DOCS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DOCS_S3_PREFIX: prefix,
      DOCS_S3_CREATE_BUCKET: 'true',
      DOCS_MAX_UPLOAD_BYTES: String(16 * MIB),
      DOCS_SWEEP_INTERVAL_SECONDS: '0',
    });
    admin = createS3Client(s3);
  });

  afterAll(async () => {
    await docs?.stop();
    if (admin) await removeTestBucket(admin, bucket);
  });

  const url = (path: string) => `${docs.running.url}${path}`;
  const objectKeys = async () => (await admin.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents?.map((object) => object.Key) ?? [];
  const download = async (id: string) => {
    const response = await fetch(url(`/api/docs/${id}/content`), { headers: await docs.headers(testUsers.consulta) });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  /** Valid UTF-8 text (so text/plain is detected), different on every call. */
  const text = (size: number) => {
    const line = Buffer.from(`Informe técnico ${randomBytes(8).toString('hex')}: sin objeciones.\n`);
    return Buffer.alloc(size, line);
  };

  it('is ready only with its bucket reachable, and says so', async () => {
    const response = await fetch(url('/health/ready'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'up', checks: { database: 'up', blobs: 'up' } });
  });

  it('stores an uploaded PDF in the bucket under the prefix and serves the same bytes back', async () => {
    const upload = await docs.upload(PDF_BYTES, 'Solicitud.pdf');
    expect(upload.status).toBe(201);
    const body = (await upload.json()) as { id: string; sha256: string; size: number; mediaType: string };
    expect(body).toMatchObject({ size: PDF_BYTES.length, sha256: sha256(PDF_BYTES), mediaType: 'application/pdf' });

    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}${body.id}` }));
    expect(head.ContentLength).toBe(PDF_BYTES.length);
    expect(existsSync(join(docs.dataDir, 'blobs'))).toBe(false);

    const { response, bytes } = await download(body.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${sha256(PDF_BYTES)}"`);
    expect(bytes.equals(PDF_BYTES)).toBe(true);
  });

  it('streams a 10 MiB upload through to S3 in parts and back, byte for byte', async () => {
    const content = text(10 * MIB);
    const upload = await docs.upload(content, 'informe.txt');
    expect(upload.status).toBe(201);
    const body = (await upload.json()) as { id: string; sha256: string; mediaType: string };
    expect(body).toMatchObject({ sha256: sha256(content), mediaType: 'text/plain' });
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}${body.id}` }));
    expect(head.ETag).toMatch(/-2"$/);

    const { response, bytes } = await download(body.id);
    expect(response.headers.get('content-length')).toBe(String(10 * MIB));
    expect(sha256(bytes)).toBe(sha256(content));
  });

  it('refuses an upload over the limit with 413, leaving no object and no pending multipart upload', async () => {
    const before = await objectKeys();
    const response = await docs.upload(text(20 * MIB), 'demasiado.txt');
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('file-too-large');
    expect(await objectKeys()).toEqual(before);
    expect((await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))).Uploads ?? []).toEqual([]);
  });

  it('removes the stored object when the content type is refused after upload', async () => {
    const before = await objectKeys();
    const response = await docs.upload(Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(4096)]), 'binario.bin');
    expect(response.status).toBe(415);
    expect(await objectKeys()).toEqual(before);
  });

  it('deletes the object with the document', async () => {
    const upload = await docs.upload(text(1000), 'borrar.txt');
    const { id } = (await upload.json()) as { id: string };
    expect(await objectKeys()).toContain(`${prefix}${id}`);
    const deleted = await fetch(url(`/api/docs/${id}`), { method: 'DELETE', headers: await docs.headers() });
    expect(deleted.status).toBe(204);
    expect(await objectKeys()).not.toContain(`${prefix}${id}`);
    expect((await download(id)).response.status).toBe(404);
  });
});
