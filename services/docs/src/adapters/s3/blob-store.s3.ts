import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isDomainError } from '@tramita/kernel';
import { assertBlobKey, metered, type BlobContent, type BlobStore, type StoredBlob } from '../../application/blob-store.ts';
import { normalizeKeyPrefix } from '../../application/blob-key-prefix.ts';
import { createS3Client, httpStatusOf, reasonOf, S3BlobStoreError, type S3Settings } from './s3-client.ts';

const MIB = 1024 * 1024;

export interface S3BlobStoreOptions {
  /** Put before every key (`pre/` → `pre/<id>`), so one bucket can serve several installations. */
  prefix?: string;
  /** Bytes per multipart part; S3 refuses parts under 5 MiB (except the last). Default 8 MiB. */
  partSizeBytes?: number;
  /** Parts uploaded at once per upload; an upload holds about (queueSize + 1) × partSize in memory. Default 2. */
  queueSize?: number;
  /** How the bucket is named in errors (endpoint and bucket); defaults to the bucket. */
  target?: string;
}

/**
 * Blobs as objects of one bucket, keyed `<prefix><key>`. An upload streams through a multipart
 * upload in parts of `partSizeBytes` (a blob smaller than one part goes in a single PUT); S3
 * makes an object visible only once complete, and a failed upload is aborted, so a key never
 * holds a partial blob. Listing pending uploads and a lifecycle rule that aborts incomplete ones
 * are the bucket owner's safety net for a process killed mid-upload.
 */
export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #partSize: number;
  readonly #queueSize: number;
  readonly #target: string;

  constructor(client: S3Client, bucket: string, options: S3BlobStoreOptions = {}) {
    const prefix = normalizeKeyPrefix(options.prefix ?? '');
    if (prefix === null) throw new Error('Invalid S3 key prefix: use letters, digits, ".", "-", "_" in "/"-separated segments.');
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = prefix;
    this.#partSize = options.partSizeBytes ?? 8 * MIB;
    this.#queueSize = options.queueSize ?? 2;
    this.#target = options.target ?? `bucket "${bucket}"`;
  }

  /**
   * Connects and checks that the bucket answers, creating it first when `createBucket` is set
   * and it does not exist. A failure says what is wrong (unreachable endpoint, rejected
   * credentials, missing bucket) without any secret.
   */
  static async open(settings: S3Settings & S3BlobStoreOptions & { createBucket?: boolean }): Promise<S3BlobStore> {
    const client = createS3Client(settings);
    const store = new S3BlobStore(client, settings.bucket, {
      ...settings,
      target: settings.target ?? `bucket "${settings.bucket}" at ${settings.endpoint}`,
    });
    try {
      await store.checkBucket({ create: settings.createBucket ?? false, region: settings.region });
    } catch (error) {
      client.destroy();
      throw error;
    }
    return store;
  }

  /** The object key a blob key is stored under. */
  objectKey(key: string): string {
    assertBlobKey(key);
    return `${this.#prefix}${key}`;
  }

  /**
   * Probes the bucket with a one-key listing rather than HeadBucket: both need the same
   * permission, but a HEAD answer has no body, so it cannot say whether the bucket is missing or
   * the access key unknown, or the signature wrong.
   */
  async checkBucket(options: { create: boolean; region?: string }): Promise<void> {
    try {
      await this.#probe();
      return;
    } catch (error) {
      const missing = reasonOf(error) === 'NoSuchBucket';
      if (!(options.create && missing)) {
        throw this.#failure('ListObjectsV2', error, '', missing ? 'create it, or let the service create it at start (DOCS_S3_CREATE_BUCKET=true)' : undefined);
      }
    }
    try {
      const location = options.region && options.region !== 'us-east-1' ? { LocationConstraint: options.region as BucketLocationConstraint } : undefined;
      await this.#client.send(new CreateBucketCommand({ Bucket: this.#bucket, ...(location ? { CreateBucketConfiguration: location } : {}) }));
    } catch (error) {
      // Another replica may have created it a moment ago.
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(reasonOf(error))) throw this.#failure('CreateBucket', error);
    }
    await this.#probe().catch((error: unknown) => {
      throw this.#failure('ListObjectsV2', error);
    });
  }

  /** Readiness: the bucket answers with these credentials. */
  async ready(): Promise<void> {
    await this.#probe().catch((error: unknown) => {
      throw this.#failure('ListObjectsV2', error);
    });
  }

  /** Closes the client's connections. */
  close(): void {
    this.#client.destroy();
  }

  async put(key: string, source: Readable, options: { maxBytes: number }): Promise<StoredBlob> {
    const Key = this.objectKey(key);
    const meter = metered(options.maxBytes);
    // Remember a failure of the source itself (too large, client gone), so it is reported as
    // such rather than as whatever the aborted upload said afterwards.
    let sourceFailure: { error: unknown } | undefined;
    async function* reading(): AsyncGenerator<Buffer> {
      try {
        yield* meter.transform(source);
      } catch (error) {
        sourceFailure = { error };
        throw error;
      }
    }
    const body = Readable.from(reading(), { objectMode: false });
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key, Body: body, ContentType: 'application/octet-stream' },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      // On any failure the Upload aborts its multipart upload, dropping the parts sent so far.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      source.destroy();
      body.destroy();
      // A completion whose answer was lost may still have published the object: keys are fresh
      // document ids, so removing it cannot take away an older blob.
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key })).catch(() => undefined);
      if (sourceFailure) throw sourceFailure.error;
      throw isDomainError(error) ? error : this.#failure('PutObject', error, `(key ${Key})`);
    }
    return meter.result();
  }

  async get(key: string): Promise<BlobContent | null> {
    const Key = this.objectKey(key);
    let response;
    try {
      response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key }));
    } catch (error) {
      // A missing bucket is a broken installation, not a missing blob.
      if (httpStatusOf(error) === 404 && reasonOf(error) !== 'NoSuchBucket') return null;
      throw this.#failure('GetObject', error, `(key ${Key})`);
    }
    const content = response.Body;
    if (!(content instanceof Readable)) throw new Error(`S3 GetObject on ${this.#target} (key ${Key}) returned no readable body`);
    return { content, size: response.ContentLength ?? 0 };
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible servers say 404 NoSuchKey.
      if (reasonOf(error) === 'NoSuchKey') return;
      throw this.#failure('DeleteObject', error, `(key ${Key})`);
    }
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.objectKey(key);
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
      return true;
    } catch (error) {
      if (httpStatusOf(error) === 404) return false;
      throw this.#failure('HeadObject', error, `(key ${Key})`);
    }
  }

  async #probe(): Promise<void> {
    await this.#client.send(new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, MaxKeys: 1 }));
  }

  #failure(operation: string, error: unknown, detail = '', hint?: string): S3BlobStoreError {
    return new S3BlobStoreError(operation, detail ? `${this.#target} ${detail}` : this.#target, error, hint);
  }
}
