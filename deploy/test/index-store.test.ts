import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../services/index/src/config.ts';
import { INDEX_OPENSEARCH_COMPONENT, REPO_ROOT } from '../tools/generate.ts';
import { ENVIRONMENTS, INDEX_STORE, names, type Environment } from '../tools/platform.ts';
import { kustomizeTool, parseObjects, render, type K8sObject } from './render.ts';

/** The index's read model per environment (ADR 0019): PostgreSQL, or the platform's OpenSearch through deploy/components/index-opensearch. */
const rendered = new Map<Environment, K8sObject[]>();
beforeAll(async () => {
  for (const env of ENVIRONMENTS) rendered.set(env, await render(join(REPO_ROOT, 'services/index/despliegue', env)));
}, 120_000);

const indexConfig = (objects: K8sObject[]) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === names('index').config)!.data!;

describe('the index on OpenSearch, per environment', () => {
  it('the index ConfigMap and secret follow INDEX_STORE and pass the index service’s own configuration schema', () => {
    for (const env of ENVIRONMENTS) {
      const config = indexConfig(rendered.get(env)!);
      expect(config.INDEX_STORE ?? 'postgres', env).toBe(INDEX_STORE[env]);
      const secret = rendered.get(env)!.find((o) => ['Secret', 'SealedSecret'].includes(o.kind) && o.metadata.name === names('index').secret)!;
      const secretKeys = Object.keys(secret.stringData ?? secret.spec?.encryptedData ?? {});
      expect(secretKeys.includes('INDEX_OPENSEARCH_URL'), env).toBe(INDEX_STORE[env] === 'opensearch');
      // Sealed values are ciphertext: stand in the shape the operators seal.
      const url =
        secret.stringData?.INDEX_OPENSEARCH_URL ??
        (secretKeys.includes('INDEX_OPENSEARCH_URL') ? 'https://si-tramita:x@opensearch.ada.example:9200' : undefined);
      const parsed = loadConfig({ ...config, INDEX_OPENSEARCH_URL: url });
      expect(parsed.INDEX_STORE).toBe(INDEX_STORE[env]);
      if (INDEX_STORE[env] === 'opensearch') expect(parsed.INDEX_OPENSEARCH_INDEX_PREFIX).toBe('si-tramita');
    }
    expect(new Set(Object.values(INDEX_STORE))).toEqual(new Set(['postgres', 'opensearch']));
    expect(() => loadConfig({ INDEX_STORE: 'opensearch' })).toThrow(/INDEX_OPENSEARCH_URL/);
  });

  it('the component turns any environment to OpenSearch: applied to test, the index reads INDEX_STORE=opensearch', () => {
    expect(indexConfig(rendered.get('test')!).INDEX_STORE).toBeUndefined();
    // Kustomize takes only relative paths; a temporary overlay outside the repository reaches in.
    const dir = mkdtempSync(join(tmpdir(), 'tramita-index-opensearch-'));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [relative(dir, join(REPO_ROOT, 'services/index/despliegue/test'))],
        components: [relative(dir, join(REPO_ROOT, INDEX_OPENSEARCH_COMPONENT))],
      }),
    );
    const bin = kustomizeTool();
    let out: string;
    try {
      out = execFileSync(bin, basename(bin) === 'kustomize' ? ['build', dir] : ['kustomize', dir], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const config = indexConfig(parseObjects(out));
    expect(config.INDEX_STORE).toBe('opensearch');
    expect(loadConfig({ ...config, INDEX_OPENSEARCH_URL: 'http://opensearch:9200' }).INDEX_OPENSEARCH_INDEX_PREFIX).toBe('si-tramita');
  });
});
