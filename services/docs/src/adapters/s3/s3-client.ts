import { S3Client } from '@aws-sdk/client-s3';
import type { S3BlobStoreConfig } from '../../config.ts';

/** Where the bucket is and how to sign requests to it (the S3 part of the docs configuration). */
export type S3Settings = Omit<S3BlobStoreConfig, 'prefix' | 'createBucket'>;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    // Recent SDKs add CRC32 checksums to every request and check them on responses; many
    // S3-compatible servers reject or omit them. SHA-256 of the content is ours anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Fail fast on an unreachable endpoint; a socket idle for minutes is a hung server (a slow
    // downloader pauses the socket far less than that).
    requestHandler: { connectionTimeout: 5_000, socketTimeout: 300_000 },
    maxAttempts: 3,
  });
}

/**
 * A failed S3 call, described for an operator: operation, bucket, key, and the S3 or network
 * error code. It keeps nothing of the SDK's error (whose fields can echo the access key and the
 * string that was signed), so it is safe to log.
 */
export class S3BlobStoreError extends Error {
  /** S3 API operation that failed (`PutObject`, `ListObjectsV2`…). */
  readonly operation: string;
  /** S3 error code (`NoSuchBucket`, `InvalidAccessKeyId`…) or network error code (`ECONNREFUSED`). */
  readonly reason: string;
  readonly httpStatus: number | undefined;

  constructor(operation: string, target: string, error: unknown, hint?: string) {
    const reason = reasonOf(error);
    const httpStatus = httpStatusOf(error);
    super(`S3 ${operation} on ${target} failed: ${explain(reason, httpStatus)}${hint ? `; ${hint}` : ''}`);
    this.name = 'S3BlobStoreError';
    this.operation = operation;
    this.reason = reason;
    this.httpStatus = httpStatus;
  }
}

/** HTTP status of an S3 error response; undefined for network failures. */
export function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** The S3 error code (the SDK's error name), or the network error code. */
export function reasonOf(error: unknown): string {
  if (error === null || typeof error !== 'object') return 'unknown';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (httpStatusOf(error) === undefined && typeof code === 'string') return code;
  return typeof name === 'string' && name !== 'Error' ? name : typeof code === 'string' ? code : 'unknown';
}

const ACCESS_DENIED = 'access denied (wrong credentials, or no permission on the bucket)';
const UNKNOWN_ACCESS_KEY = 'the server does not know the access key (check the access key id)';

const EXPLANATIONS: Record<string, string> = {
  InvalidAccessKeyId: UNKNOWN_ACCESS_KEY,
  // Unknown access key, as one S3-compatible gateway words it.
  XAdminUserNotFound: UNKNOWN_ACCESS_KEY,
  SignatureDoesNotMatch: 'the request signature does not match (check the secret access key)',
  AccessDenied: ACCESS_DENIED,
  NoSuchBucket: 'the bucket does not exist',
  ECONNREFUSED: 'the endpoint refused the connection (is the server running, is the URL right?)',
  ENOTFOUND: 'the endpoint host name does not resolve',
  TimeoutError: 'the endpoint did not answer in time',
};

function explain(reason: string, httpStatus: number | undefined): string {
  const known = EXPLANATIONS[reason];
  if (known) return `${known} [${reason}]`;
  // HEAD answers carry no body, so the SDK knows only the status.
  if (httpStatus === 403) return `${ACCESS_DENIED} [${reason}, HTTP 403]`;
  if (httpStatus === 404) return `not found [${reason}, HTTP 404]`;
  return httpStatus === undefined ? reason : `${reason} (HTTP ${httpStatus})`;
}
