import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('the read model store in the index configuration', () => {
  it('keeps the read model in the database unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ INDEX_STORE: 'postgres', INDEX_OPENSEARCH_INDEX_PREFIX: 'tramita-index' });
    expect(loadConfig({}).INDEX_OPENSEARCH_URL).toBeUndefined();
  });

  it('takes OpenSearch with its URL and an optional index prefix', () => {
    const config = loadConfig({
      INDEX_STORE: 'opensearch',
      INDEX_OPENSEARCH_URL: 'https://user:secret@search:9200',
      INDEX_OPENSEARCH_INDEX_PREFIX: 'pre_index',
    });
    expect(config).toMatchObject({
      INDEX_STORE: 'opensearch',
      INDEX_OPENSEARCH_URL: 'https://user:secret@search:9200',
      INDEX_OPENSEARCH_INDEX_PREFIX: 'pre_index',
    });
  });

  it('refuses OpenSearch without a URL, naming the setting', () => {
    expect(() => loadConfig({ INDEX_STORE: 'opensearch' })).toThrow(/INDEX_OPENSEARCH_URL: is required when INDEX_STORE=opensearch/);
  });

  it('refuses an unknown store, a URL that is not http(s) and a prefix OpenSearch would refuse, without echoing the URL', () => {
    expect(() => loadConfig({ INDEX_STORE: 'elastic' })).toThrow(/INDEX_STORE/);
    const bad = () => loadConfig({ INDEX_STORE: 'opensearch', INDEX_OPENSEARCH_URL: 'ftp://user:secret@search' });
    expect(bad).toThrow(/INDEX_OPENSEARCH_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(bad).not.toThrow(/secret/);
    expect(() => loadConfig({ INDEX_OPENSEARCH_INDEX_PREFIX: 'Tramita' })).toThrow(/INDEX_OPENSEARCH_INDEX_PREFIX/);
  });
});
