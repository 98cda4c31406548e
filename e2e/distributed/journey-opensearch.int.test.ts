import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileListPage } from '@tramita/contracts';
import { runRebuildIndex } from '../../packages/cli/src/rebuild-index.ts';
import { ApiClient } from '../support/api-client.ts';
import { captured } from '../support/captured-output.ts';
import { settledConsistency } from '../support/consistency.ts';
import { walkTheWholeJourney } from '../support/journey-scenario.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD, stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

const opensearch = process.env.OPENSEARCH_URL;

/**
 * The same journey again, distributed, with the index's read model on OpenSearch
 * (INDEX_STORE=opensearch, ADR 0019): the list, search and detail the journey checks are served
 * from OpenSearch, fed by Kafka; then `tramita rebuild-index --empty` rebuilds them from files'
 * and bpm's snapshots into the emptied indices. Indices of the run's own, deleted afterwards.
 */
describe.skipIf(!stackInfraAvailable || !opensearch)('the whole journey of an expediente, distributed, with the read model on OpenSearch', () => {
  let stack: TestStack;
  let api: ApiClient;
  let prefix: string;

  beforeAll(async () => {
    prefix = `journey-${Date.now().toString(36)}`;
    stack = await startTestStack({ extraEnv: { INDEX_STORE: 'opensearch', INDEX_OPENSEARCH_URL: opensearch!, INDEX_OPENSEARCH_INDEX_PREFIX: prefix } });
    const { accessToken } = await loginWithPkce({ baseUrl: stack.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` });
    api = new ApiClient(stack.url, accessToken);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (prefix) await fetch(`${opensearch}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  }, 60_000);

  it('creates, lists, details, edits, walks every phase, downloads and locks an expediente', async () => {
    await walkTheWholeJourney(api);
    // What the journey listed came from the run's own OpenSearch indices.
    const listed = (await (await fetch(`${opensearch}/${prefix}-list/_count`)).json()) as { count?: number };
    expect(listed.count).toBeGreaterThan(0);
  }, 120_000);

  it('rebuilds the emptied indices from the owners with one command, and lists the same', async () => {
    const { accessToken } = await loginWithPkce({ baseUrl: stack.url, username: 'admin', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` });
    const list = () => api.json<FileListPage>('GET', '/api/files?size=100&sort=code', undefined, 200);
    // Everything the journey sent is consumed before the list is taken as the reference.
    expect((await settledConsistency(stack.url, accessToken)).status).toBe('consistent');
    const before = await list();
    expect(before.total).toBeGreaterThan(0);
    const { lines, out } = captured();
    expect(await runRebuildIndex(['--url', stack.url, '--empty', '--wait', '90'], { TRAMITA_TOKEN: accessToken }, out)).toBe(0);
    expect(lines.join('\n')).toMatch(/Read model emptied/);
    expect(lines.join('\n')).toMatch(/Tramita consistency: CONSISTENT/);
    expect(await list()).toEqual(before);
  }, 180_000);
});
