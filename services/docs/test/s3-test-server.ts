import { randomBytes } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../src/adapters/s3/s3-client.ts';

/**
 * The real S3-compatible server of the integration stage (scripts/infra/s3.sh; `npm run
 * test:infra` sets TEST_S3_*). Undefined when absent, so integration tests skip under `npm test`.
 */
export const testS3Endpoint = process.env.TEST_S3_ENDPOINT;

/** Settings for a bucket of the test's own on that server, under a random name after `prefix`. */
export function testS3Settings(prefix: string): S3Settings {
  return {
    endpoint: testS3Endpoint ?? '',
    region: process.env.TEST_S3_REGION ?? 'us-east-1',
    bucket: `${prefix}-${randomBytes(4).toString('hex')}`,
    forcePathStyle: true,
    accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? '',
  };
}

/** Deletes every object of the test's bucket, then the bucket, then the client. */
export async function removeTestBucket(admin: S3Client, bucket: string): Promise<void> {
  const listing = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const object of listing.Contents ?? []) await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
  await admin.send(new DeleteBucketCommand({ Bucket: bucket }));
  admin.destroy();
}
