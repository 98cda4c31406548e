import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteBucketCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from './blob-store.s3.ts';
import { createS3Client, S3BlobStoreError, type S3Settings } from './s3-client.ts';
import { removeTestBucket, testS3Endpoint, testS3Settings } from '../../../test/s3-test-server.ts';

/**
 * The S3 blob store against a real S3-compatible server, started by scripts/infra/s3.sh
 * (`npm run test:infra` sets TEST_S3_*). Each run works in a bucket of its own and removes it.
 */
const MIB = 1024 * 1024;

describe.skipIf(!testS3Endpoint)('S3BlobStore on a real S3-compatible server', () => {
  const settings: S3Settings = testS3Settings('tramita-int');
  const { bucket } = settings;
  let store: S3BlobStore;
  let admin: S3Client;

  beforeAll(async () => {
    store = await S3BlobStore.open({ ...settings, createBucket: true });
    admin = createS3Client(settings);
  });

  afterAll(async () => {
    store?.close();
    if (admin) await removeTestBucket(admin, bucket);
  });

  const read = async (blob: { content: Readable } | null) => {
    const chunks: Buffer[] = [];
    for await (const chunk of blob?.content ?? []) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const pendingUploads = async (prefix: string) => (await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))).Uploads ?? [];

  /** `total` random bytes in 64 KiB chunks, never held whole; the digest is known once read. */
  function generated(total: number): { stream: Readable; sha256: () => string } {
    const hash = createHash('sha256');
    async function* chunks() {
      for (let sent = 0; sent < total;) {
        const chunk = randomBytes(Math.min(64 * 1024, total - sent));
        hash.update(chunk);
        sent += chunk.length;
        yield chunk;
      }
    }
    return { stream: Readable.from(chunks()), sha256: () => hash.digest('hex') };
  }

  it('stores and reads back a small blob byte for byte, with its size and SHA-256', async () => {
    const bytes = Buffer.from('%PDF-1.4\nSolicitud de licencia de obra menor\n%%EOF\n');
    const stored = await store.put('doc-small', Readable.from([bytes]), { maxBytes: MIB });
    expect(stored).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    const blob = await store.get('doc-small');
    expect(blob?.size).toBe(bytes.length);
    expect((await read(blob)).equals(bytes)).toBe(true);
    expect(await store.exists('doc-small')).toBe(true);
  });

  it('streams a 20 MiB blob through a multipart upload of several parts and reads it back intact', async () => {
    const source = generated(20 * MIB);
    const stored = await store.put('doc-large', source.stream, { maxBytes: 50 * MIB });
    const expected = source.sha256();
    expect(stored).toEqual({ size: 20 * MIB, sha256: expected });

    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc-large' }));
    expect(head.ContentLength).toBe(20 * MIB);
    // A multipart object's ETag ends in "-<parts>": 8 MiB parts make three.
    expect(head.ETag).toMatch(/-3"$/);

    const blob = await store.get('doc-large');
    expect(blob?.size).toBe(20 * MIB);
    const back = createHash('sha256');
    let size = 0;
    for await (const chunk of blob?.content ?? []) {
      back.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect(size).toBe(20 * MIB);
    expect(back.digest('hex')).toBe(expected);
  });

  it('refuses a blob over the limit after some parts went up: aborted, nothing under the key, no pending upload', async () => {
    const source = generated(20 * MIB);
    await expect(store.put('doc-too-large', source.stream, { maxBytes: 12 * MIB })).rejects.toMatchObject({ code: 'file-too-large' });
    expect(await store.exists('doc-too-large')).toBe(false);
    expect(await store.get('doc-too-large')).toBeNull();
    expect(await pendingUploads('doc-too-large')).toEqual([]);
  });

  it('leaves nothing when the source fails halfway', async () => {
    async function* failing() {
      yield randomBytes(9 * MIB);
      throw new Error('client went away');
    }
    await expect(store.put('doc-broken', Readable.from(failing()), { maxBytes: 50 * MIB })).rejects.toThrow('client went away');
    expect(await store.exists('doc-broken')).toBe(false);
    expect(await pendingUploads('doc-broken')).toEqual([]);
  });

  it('answers null, false and quietly for keys that were never stored; deletes twice without complaint', async () => {
    expect(await store.get('never-stored')).toBeNull();
    expect(await store.exists('never-stored')).toBe(false);
    await store.delete('never-stored');

    await store.put('doc-deleted', Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    await store.delete('doc-deleted');
    await store.delete('doc-deleted');
    expect(await store.exists('doc-deleted')).toBe(false);
  });

  it('keeps installations sharing a bucket apart by prefix', async () => {
    const a = new S3BlobStore(createS3Client(settings), bucket, { prefix: 'inst-a' });
    const b = new S3BlobStore(createS3Client(settings), bucket, { prefix: 'inst-b/' });
    try {
      await a.put('shared-id', Readable.from([Buffer.from('de A')]), { maxBytes: 100 });
      expect(await b.get('shared-id')).toBeNull();
      expect(await b.exists('shared-id')).toBe(false);
      await b.delete('shared-id');
      expect((await read(await a.get('shared-id'))).toString()).toBe('de A');
      expect(await store.exists('shared-id')).toBe(false);

      const keys = (await admin.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'inst-' }))).Contents?.map((object) => object.Key);
      expect(keys).toEqual(['inst-a/shared-id']);
    } finally {
      a.close();
      b.close();
    }
  });

  it('stops at start with a clear message when the credentials are wrong, naming no secret', async () => {
    const wrongSecret = `wrong-${randomBytes(8).toString('hex')}`;
    const badSecret = await S3BlobStore.open({ ...settings, secretAccessKey: wrongSecret }).catch((error: unknown) => error);
    expect(badSecret).toBeInstanceOf(S3BlobStoreError);
    expect((badSecret as Error).message).toMatch(/signature does not match \(check the secret access key\)/);
    expect((badSecret as Error).message).not.toContain(wrongSecret);
    expect((badSecret as Error).message).not.toContain(settings.secretAccessKey);

    const badKey = await S3BlobStore.open({ ...settings, accessKeyId: 'nobody-here' }).catch((error: unknown) => error);
    expect(badKey).toBeInstanceOf(S3BlobStoreError);
    expect((badKey as Error).message).toMatch(/does not know the access key|access denied/);
    expect((badKey as Error).message).not.toContain(settings.secretAccessKey);
  });

  it('stops at start when the bucket is missing, unless asked to create it', async () => {
    const missing = `${bucket}-missing`;
    await expect(S3BlobStore.open({ ...settings, bucket: missing })).rejects.toThrow(/the bucket does not exist \[NoSuchBucket\]/);
    const created = await S3BlobStore.open({ ...settings, bucket: missing, createBucket: true });
    created.close();
    await admin.send(new DeleteBucketCommand({ Bucket: missing }));
  });
});
