import { describe, expect, it } from 'vitest';
import { loadDocsConfig } from './config.ts';

describe('loadDocsConfig', () => {
  it('defaults to 50 MiB, the documented allow-list, 24 h and a 15 min sweep', () => {
    const config = loadDocsConfig({});
    expect(config.maxUploadBytes).toBe(52_428_800);
    expect(config.allowedMediaTypes.has('application/pdf')).toBe(true);
    expect(config.allowedMediaTypes.has('application/vnd.oasis.opendocument.text')).toBe(true);
    expect(config.allowedMediaTypes.has('text/html')).toBe(false);
    expect(config.unattachedTtlHours).toBe(24);
    expect(config.sweepIntervalMs).toBe(900_000);
  });

  it('reads the environment, treating blank values as unset', () => {
    const config = loadDocsConfig({
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
    expect(() => loadDocsConfig({ DOCS_MAX_UPLOAD_BYTES: 'lots', DOCS_ALLOWED_MEDIA_TYPES: 'pdf' })).toThrow(
      /DOCS_MAX_UPLOAD_BYTES[\s\S]*DOCS_ALLOWED_MEDIA_TYPES/,
    );
  });

  it('refuses a blob store that does not exist yet instead of writing to an unshared local disk', () => {
    expect(() => loadDocsConfig({ DOCS_BLOB_STORE: 's3' })).toThrow(/DOCS_BLOB_STORE: only "filesystem"/);
    expect(() => loadDocsConfig({ DOCS_BLOB_STORE: 'filesystem' })).not.toThrow();
  });
});
