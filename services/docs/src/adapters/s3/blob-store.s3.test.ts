import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { S3BlobStore } from './blob-store.s3.ts';
import { normalizeKeyPrefix } from '../../application/blob-key-prefix.ts';
import { S3BlobStoreError, createS3Client, type S3Settings } from './s3-client.ts';

/**
 * The adapter against a scripted HTTP server that answers as S3 does: it checks what the real
 * SDK sends and how the adapter reads S3's answers (errors included) without an S3 server.
 * The same behaviour against a real S3-compatible server: blob-store.s3.int.test.ts.
 */
interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
type Answer = { status: number; xml?: string; headers?: Record<string, string> };
type Script = (request: Seen) => Answer;

const MIB = 1024 * 1024;
const SECRET = 'very-secret-key-0123456789';
const errorXml = (code: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} happened</Message>${extra}</Error>`;
const emptyListing =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>docs</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>';

let server: Server;
let endpoint: string;
let script: Script = () => ({ status: 500 });
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const entry = {
        method: request.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(entry);
      const answer = script(entry);
      response.writeHead(answer.status, { 'content-type': 'application/xml', ...answer.headers });
      response.end(request.method === 'HEAD' ? undefined : (answer.xml ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  seen = [];
});

const settings = (): S3Settings => ({
  endpoint,
  region: 'eu-south-2',
  bucket: 'docs',
  forcePathStyle: true,
  accessKeyId: 'AKIDTRAMITA',
  secretAccessKey: SECRET,
});
const storeWith = (answer: Script, options: { prefix?: string; partSizeBytes?: number } = {}) => {
  script = answer;
  return new S3BlobStore(createS3Client(settings()), 'docs', options);
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const operation = (request: Seen) =>
  request.query.has('uploads')
    ? 'CreateMultipartUpload'
    : request.query.has('partNumber')
      ? 'UploadPart'
      : request.method === 'POST' && request.query.has('uploadId')
        ? 'CompleteMultipartUpload'
        : request.method === 'DELETE' && request.query.has('uploadId')
          ? 'AbortMultipartUpload'
          : `${request.method} ${request.path}`;

describe('S3BlobStore (scripted S3 answers)', () => {
  it('stores a small blob with one PUT under the prefix, with no CRC32 checksum the server may reject', async () => {
    const store = storeWith(() => ({ status: 200, headers: { etag: '"e"' } }), { prefix: 'pre' });
    const bytes = Buffer.from('contenido del documento');
    expect(await store.put('doc-1', Readable.from([bytes]), { maxBytes: 1024 })).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    expect(seen.map(operation)).toEqual(['PUT /docs/pre/doc-1']);
    expect(seen[0]?.body.equals(bytes)).toBe(true);
    expect(Object.keys(seen[0]?.headers ?? {}).filter((name) => name.includes('checksum'))).toEqual([]);
  });

  it('aborts the multipart upload and completes nothing when the blob outgrows the limit', async () => {
    const store = storeWith(
      (request) => {
        if (request.query.has('uploads'))
          return {
            status: 200,
            xml: '<InitiateMultipartUploadResult><Bucket>docs</Bucket><Key>doc-2</Key><UploadId>upload-7</UploadId></InitiateMultipartUploadResult>',
          };
        if (request.query.has('partNumber')) return { status: 200, headers: { etag: `"part-${request.query.get('partNumber')}"` } };
        return { status: 204 };
      },
      { partSizeBytes: 5 * MIB },
    );
    const chunks = Array.from({ length: 12 }, () => Buffer.alloc(MIB, 7));
    const attempt = store.put('doc-2', Readable.from(chunks), { maxBytes: 11 * MIB });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'file-too-large' });
    const operations = seen.map(operation);
    expect(operations[0]).toBe('CreateMultipartUpload');
    expect(operations).toContain('UploadPart');
    expect(operations).toContain('AbortMultipartUpload');
    expect(operations).not.toContain('CompleteMultipartUpload');
    expect(seen.find((request) => operation(request) === 'AbortMultipartUpload')?.query.get('uploadId')).toBe('upload-7');
  });

  it('reports a failing source as itself, after aborting the upload it had started', async () => {
    const store = storeWith(
      (request) => {
        if (request.query.has('uploads'))
          return { status: 200, xml: '<InitiateMultipartUploadResult><UploadId>upload-8</UploadId></InitiateMultipartUploadResult>' };
        if (request.query.has('partNumber')) return { status: 200, headers: { etag: '"p"' } };
        return { status: 204 };
      },
      { partSizeBytes: 5 * MIB },
    );
    async function* failing() {
      yield Buffer.alloc(6 * MIB, 1);
      throw new Error('client went away');
    }
    await expect(store.put('doc-5', Readable.from(failing()), { maxBytes: 50 * MIB })).rejects.toThrow('client went away');
    expect(seen.map(operation)).toContain('AbortMultipartUpload');
    expect(seen.map(operation)).not.toContain('CompleteMultipartUpload');
  });

  it('names the S3 failure when the server refuses a part', async () => {
    const store = storeWith((request) => (request.method === 'PUT' ? { status: 500, xml: errorXml('InternalError') } : { status: 204 }));
    await expect(store.put('doc-6', Readable.from([Buffer.from('abc')]), { maxBytes: 10 })).rejects.toThrow(
      /S3 PutObject on bucket "docs" \(key doc-6\) failed: InternalError \(HTTP 500\)/,
    );
  });

  it('reads a missing key as null, a missing HEAD as false, and deletes a missing key quietly', async () => {
    const store = storeWith((request) => ({ status: 404, xml: request.method === 'HEAD' ? '' : errorXml('NoSuchKey') }));
    expect(await store.get('nothing-here')).toBeNull();
    expect(await store.exists('nothing-here')).toBe(false);
    await expect(store.delete('nothing-here')).resolves.toBeUndefined();
  });

  it('streams a stored blob back with its size', async () => {
    const store = storeWith(() => ({
      status: 200,
      xml: 'bytes!',
      headers: { 'content-type': 'application/octet-stream', 'content-length': '6' },
    }));
    const blob = await store.get('doc-3');
    expect(blob?.size).toBe(6);
    const chunks: Buffer[] = [];
    for await (const chunk of blob?.content ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('bytes!');
  });

  it('treats a missing bucket as a broken installation, not as a missing blob', async () => {
    const store = storeWith(() => ({ status: 404, xml: errorXml('NoSuchBucket') }));
    await expect(store.get('doc-4')).rejects.toThrow(/GetObject on bucket "docs" \(key doc-4\) failed: the bucket does not exist \[NoSuchBucket\]/);
  });

  it('refuses keys that are not safe object names, before any request', async () => {
    const store = storeWith(() => ({ status: 200 }));
    await expect(store.get('../escape')).rejects.toMatchObject({ code: 'blob-key-invalid' });
    expect(seen).toEqual([]);
  });
});

describe('S3BlobStore.open', () => {
  it('says the credentials were rejected without repeating the secret or what the server echoed', async () => {
    script = () => ({
      status: 403,
      xml: errorXml('SignatureDoesNotMatch', `<AWSAccessKeyId>AKIDTRAMITA</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 ${SECRET}</StringToSign>`),
    });
    const error = await S3BlobStore.open(settings()).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(S3BlobStoreError);
    const failure = error as S3BlobStoreError;
    expect(failure.message).toMatch(
      /ListObjectsV2 on bucket "docs" at http:\/\/127\.0\.0\.1:\d+ failed: the request signature does not match \(check the secret access key\)/,
    );
    expect(failure).toMatchObject({ operation: 'ListObjectsV2', reason: 'SignatureDoesNotMatch', httpStatus: 403 });
    const everything = JSON.stringify({ ...failure, message: failure.message, stack: failure.stack });
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('AKIDTRAMITA');
    expect(failure.cause).toBeUndefined();
  });

  it('names a missing bucket and how to have it created', async () => {
    script = () => ({ status: 404, xml: errorXml('NoSuchBucket') });
    await expect(S3BlobStore.open(settings())).rejects.toThrow(/the bucket does not exist \[NoSuchBucket\]; create it, or .*DOCS_S3_CREATE_BUCKET=true/);
    expect(seen.map(operation)).toEqual(['GET /docs/']);
  });

  it('creates a missing bucket in its region when asked, then checks it again', async () => {
    let created = false;
    script = (request) => {
      if (request.method === 'PUT') {
        created = true;
        return { status: 200 };
      }
      return created ? { status: 200, xml: emptyListing } : { status: 404, xml: errorXml('NoSuchBucket') };
    };
    const store = await S3BlobStore.open({ ...settings(), createBucket: true });
    store.close();
    expect(seen.map(operation)).toEqual(['GET /docs/', 'PUT /docs/', 'GET /docs/']);
    expect(seen[1]?.body.toString()).toContain('<LocationConstraint>eu-south-2</LocationConstraint>');
  });

  it('accepts a bucket another replica created a moment earlier', async () => {
    let listed = 0;
    script = (request) => {
      if (request.method === 'PUT') return { status: 409, xml: errorXml('BucketAlreadyOwnedByYou') };
      listed += 1;
      return listed === 1 ? { status: 404, xml: errorXml('NoSuchBucket') } : { status: 200, xml: emptyListing };
    };
    const store = await S3BlobStore.open({ ...settings(), createBucket: true });
    store.close();
    expect(listed).toBe(2);
  });

  it('says when the endpoint cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(S3BlobStore.open({ ...settings(), endpoint: `http://127.0.0.1:${port}` })).rejects.toThrow(
      /the endpoint refused the connection .*\[ECONNREFUSED\]/,
    );
  });
});

describe('normalizeKeyPrefix', () => {
  it('accepts empty or "/"-separated safe segments, adding the final "/"', () => {
    expect(normalizeKeyPrefix('')).toBe('');
    expect(normalizeKeyPrefix('pre')).toBe('pre/');
    expect(normalizeKeyPrefix('ada/pre-2_b.x/')).toBe('ada/pre-2_b.x/');
  });

  it('refuses leading slashes, dot segments, empty segments and other characters', () => {
    for (const bad of ['/pre', '../pre', 'a/../b', 'a//b', 'a b', './a', 'a/.', 'ñ', 'x'.repeat(201)]) expect(normalizeKeyPrefix(bad), bad).toBeNull();
  });

  it('is checked when the store is built', () => {
    expect(() => new S3BlobStore(createS3Client(settings()), 'docs', { prefix: '/etc' })).toThrow(/Invalid S3 key prefix/);
  });
});
