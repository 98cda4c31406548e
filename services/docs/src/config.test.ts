import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to 50 MiB, the documented allow-list, 24 h and a 15 min sweep', () => {
    const config = loadConfig({});
    expect(config.maxUploadBytes).toBe(52_428_800);
    expect(config.allowedMediaTypes.has('application/pdf')).toBe(true);
    expect(config.allowedMediaTypes.has('application/vnd.oasis.opendocument.text')).toBe(true);
    expect(config.allowedMediaTypes.has('text/html')).toBe(false);
    expect(config.unattachedTtlHours).toBe(24);
    expect(config.sweepIntervalMs).toBe(900_000);
  });

  it('reads the environment, treating blank values as unset', () => {
    const config = loadConfig({
      DOCS_MAX_UPLOAD_BYTES: '1024',
      DOCS_ALLOWED_MEDIA_TYPES: ' Application/PDF , text/plain,',
      DOCS_UNATTACHED_TTL_HOURS: '',
      DOCS_SWEEP_INTERVAL_SECONDS: '0',
    });
    expect(config.maxUploadBytes).toBe(1024);
    expect([...config.allowedMediaTypes]).toEqual(['application/pdf', 'text/plain']);
    expect(config.unattachedTtlHours).toBe(24);
    expect(config.sweepIntervalMs).toBe(0);
  });

  it('stops start-up naming every bad value', () => {
    expect(() => loadConfig({ DOCS_MAX_UPLOAD_BYTES: 'lots', DOCS_ALLOWED_MEDIA_TYPES: 'pdf' })).toThrow(
      /DOCS_MAX_UPLOAD_BYTES[\s\S]*DOCS_ALLOWED_MEDIA_TYPES/,
    );
  });

  it('keeps blobs on the filesystem unless told otherwise', () => {
    expect(loadConfig({}).blobStore).toEqual({ kind: 'filesystem' });
    expect(loadConfig({ DOCS_BLOB_STORE: '', DOCS_S3_BUCKET: 'ignored-here' }).blobStore).toEqual({ kind: 'filesystem' });
  });

  const s3Env = {
    DOCS_BLOB_STORE: 's3',
    DOCS_S3_ENDPOINT: 'https://s3.example:9000',
    DOCS_S3_BUCKET: 'si-tramita-docs',
    DOCS_S3_REGION: 'eu-south-2',
    DOCS_S3_ACCESS_KEY_ID: 'docs-key',
    DOCS_S3_SECRET_ACCESS_KEY: 'not-to-be-shown',
  };

  it('reads the S3 settings, with path-style on, no prefix and no bucket creation by default', () => {
    expect(loadConfig(s3Env).blobStore).toEqual({
      kind: 's3',
      endpoint: 'https://s3.example:9000',
      bucket: 'si-tramita-docs',
      region: 'eu-south-2',
      forcePathStyle: true,
      accessKeyId: 'docs-key',
      secretAccessKey: 'not-to-be-shown',
      prefix: '',
      createBucket: false,
    });
    expect(loadConfig({ ...s3Env, DOCS_S3_FORCE_PATH_STYLE: 'false', DOCS_S3_PREFIX: 'pre/tramita', DOCS_S3_CREATE_BUCKET: '1' }).blobStore).toMatchObject({
      forcePathStyle: false,
      prefix: 'pre/tramita/',
      createBucket: true,
    });
  });

  it('names every S3 setting missing for DOCS_BLOB_STORE=s3, together with other bad values', () => {
    const attempt = () => loadConfig({ DOCS_BLOB_STORE: 's3', DOCS_S3_BUCKET: 'docs', DOCS_MAX_UPLOAD_BYTES: 'lots' });
    expect(attempt).toThrow(/DOCS_MAX_UPLOAD_BYTES/);
    for (const key of ['DOCS_S3_ENDPOINT', 'DOCS_S3_REGION', 'DOCS_S3_ACCESS_KEY_ID', 'DOCS_S3_SECRET_ACCESS_KEY']) {
      expect(attempt).toThrow(new RegExp(`${key}: required when DOCS_BLOB_STORE=s3`));
    }
    expect(attempt).not.toThrow(/DOCS_S3_BUCKET/);
  });

  it('refuses bad S3 values without repeating any secret', () => {
    let message = '';
    try {
      loadConfig({
        ...s3Env,
        DOCS_S3_ENDPOINT: 'https://docs-key:hunter2-secret@s3.example',
        DOCS_S3_BUCKET: 'Not_A_Bucket',
        DOCS_S3_PREFIX: '/../etc',
        DOCS_S3_FORCE_PATH_STYLE: 'yes',
        DOCS_S3_SECRET_ACCESS_KEY: 'not-to-be-shown',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DOCS_S3_ENDPOINT: must not carry credentials/);
    expect(message).toMatch(/DOCS_S3_BUCKET: not a bucket name/);
    expect(message).toMatch(/DOCS_S3_PREFIX: /);
    expect(message).toMatch(/DOCS_S3_FORCE_PATH_STYLE: /);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('not-to-be-shown');
    expect(() => loadConfig({ ...s3Env, DOCS_S3_ENDPOINT: 'ftp://s3.example' })).toThrow(/DOCS_S3_ENDPOINT: must be an http\(s\) URL/);
  });

  it('refuses a blob store it does not know', () => {
    expect(() => loadConfig({ DOCS_BLOB_STORE: 'tape' })).toThrow(/DOCS_BLOB_STORE: .*"filesystem"\|"s3"/);
  });
});
