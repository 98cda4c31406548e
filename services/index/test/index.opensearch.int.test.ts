import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@tramita/contracts';
import { buildEnvelope, type TransportMessage } from '@tramita/messaging';
import { createTestIssuer, TEST_ORGANISM, testServiceContext, testUsers, type TestIssuer } from '@tramita/platform/testing';
import type { RunningService } from '@tramita/platform';
import { start } from '../src/index.ts';
import { OpenSearchClient } from '../src/adapters/opensearch/client.ts';
import { deleteIndices, indexNamesOf } from '../src/adapters/opensearch/indices.ts';
import type { FileEvent } from '../src/application/projections/file-view.projection.ts';
import type { PlazoEvent } from '../src/application/projections/plazo-view.projection.ts';
import type { ProcessEvent } from '../src/application/projections/process-view.projection.ts';
import { fileCreated, fileUpdated, plazoChanged, processAdvanced, processDeleted, processStarted, shuffled } from './events.ts';

/**
 * The index service composed with INDEX_STORE=opensearch: fed the same messages as one on its
 * embedded database, it serves the same list, stats and reconciliation from OpenSearch, and a
 * restart on an empty database still lists everything. Set OPENSEARCH_URL to run it.
 */
const url = process.env.OPENSEARCH_URL;
const cause = { source: 'test', correlationId: 'c', causationId: null };
const COUNT = 10;
const code = (n: number) => `2024/${String(n).padStart(4, '0')}`;

function message(event: FileEvent | ProcessEvent | PlazoEvent): TransportMessage {
  if (event.type === 'FileCreated' || event.type === 'FileUpdated') {
    return buildEnvelope({ topic: topics.filesEvents, type: event.type, subject: event.data.code, data: event.data }, cause);
  }
  return buildEnvelope({ topic: topics.bpmEvents, type: event.type, subject: event.data.processId, data: event.data }, cause);
}

/** Expediente n's life: created, started, advanced (not every third), edited (every fourth), a plazo (even ones). */
function lifeOf(n: number): TransportMessage[] {
  const processId = `proc-${n}`;
  const day = `2024-05-${String(n).padStart(2, '0')}`;
  const base = { code: code(n), processId, createdAt: `${day}T09:00:00.000Z`, updatedAt: `${day}T09:00:00.000Z` };
  const process = { processId, fileCode: code(n), startedAt: `${day}T08:59:00.000Z`, updatedAt: `${day}T08:59:00.000Z` };
  const events: (FileEvent | ProcessEvent | PlazoEvent)[] = [
    fileCreated({ ...base, description: n % 2 === 0 ? `Petición de licencia ${n}` : `Queja vecinal ${n}` }),
    processStarted(process),
  ];
  if (n % 3 !== 0) events.push(processAdvanced({ ...process, updatedAt: `${day}T10:00:00.000Z` }));
  if (n % 4 === 0) events.push(fileUpdated({ ...base, description: `Petición de obras ${n}`, updatedAt: `${day}T11:00:00.000Z` }));
  if (n % 2 === 0) {
    events.push(plazoChanged({ processId, fileCode: code(n), organism: TEST_ORGANISM, plazoId: `plazo-${n}`, dueAt: `2024-09-${30 - n}T21:59:59.999Z` }));
  }
  return events.map(message);
}

/** Every message, the first third again, in a seeded order; a compensated saga's process too. */
function arrival(): TransportMessage[] {
  const all = [
    ...Array.from({ length: COUNT }, (_, i) => lifeOf(i + 1)).flat(),
    message(processStarted({ processId: 'proc-ghost', fileCode: '2024/9999' })),
    message(processDeleted('proc-ghost', 2, '2024/9999')),
  ];
  return shuffled([...all, ...all.slice(0, Math.floor(all.length / 3))], 20240510);
}

describe.skipIf(!url)('index service on OpenSearch (INDEX_STORE=opensearch)', () => {
  const prefix = `tramita-component-${randomUUID().slice(0, 8)}`;
  const env = { INDEX_STORE: 'opensearch', INDEX_OPENSEARCH_URL: url, INDEX_OPENSEARCH_INDEX_PREFIX: prefix };
  let issuer: TestIssuer;
  const started: { running: RunningService; ctx: ReturnType<typeof testServiceContext> }[] = [];
  let onSearch: RunningService;
  let onDatabase: RunningService;

  async function startFed(serviceEnv: Record<string, string | undefined>, messages: TransportMessage[]) {
    const ctx = testServiceContext('index', issuer, { env: serviceEnv });
    const running = await start(ctx);
    started.push({ running, ctx });
    const half = Math.floor(messages.length / 2);
    for (const m of messages.slice(0, half)) await ctx.transport.publish([m]);
    await Promise.all(messages.slice(half).map((m) => ctx.transport.publish([m])));
    return running;
  }

  const get = async (service: RunningService, path: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.url}${path}`, { headers });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer();
    onSearch = await startFed(env, arrival());
    onDatabase = await startFed({}, arrival());
  });

  afterAll(async () => {
    for (const s of started) {
      await s.running.stop();
      await s.ctx.transport.close();
    }
    if (url) await deleteIndices(new OpenSearchClient(url), indexNamesOf(prefix));
  });

  it('keeps the list in OpenSearch: one list document per expediente in its indices', async () => {
    const { body } = await new OpenSearchClient(url!).request<{ count: number }>('POST', `/${prefix}-list/_count`);
    expect(body.count).toBe(COUNT);
  });

  it('serves the same list as the embedded store, page by page, for every kind of query', async () => {
    const headers = await issuer.headers(testUsers.consulta);
    for (const query of [
      'size=100',
      'size=3&page=2',
      'q=peticion&sort=code',
      'q=queja%20vec',
      'q=2024%2F000',
      'phase=ANALISIS&sort=-updatedAt',
      'sort=plazo',
      'sort=-plazo&size=4&page=2',
      'sort=description',
      'from=2024-05-03&to=2024-05-05&sort=createdAt,asc',
    ]) {
      const [fromSearch, fromDatabase] = [await get(onSearch, `/api/files?${query}`, headers), await get(onDatabase, `/api/files?${query}`, headers)];
      expect({ query, ...fromSearch }).toEqual({ query, ...fromDatabase });
      expect(fromSearch.status).toBe(200);
    }
    const all = (await get(onSearch, '/api/files?size=100&sort=code', headers)).body;
    expect(all.total).toBe(COUNT);
    expect(all.items.find((i: { code: string }) => i.code === code(4))).toMatchObject({
      description: 'Petición de obras 4',
      phase: { code: 'ANALISIS' },
      plazo: { state: 'RUNNING', dueAt: '2024-09-26T21:59:59.999Z' },
    });
  });

  it("lists nothing of the expedientes to another organism's members", async () => {
    const stranger = await issuer.headers({ username: 'eva', memberships: [{ organism: 'A01002820', roles: ['consulta'] }] });
    expect((await get(onSearch, '/api/files?size=100', stranger)).body).toMatchObject({ items: [], total: 0 });
  });

  it('gives the same stats and reconciliation pages to platform operators', async () => {
    const admin = await issuer.headers(testUsers.admin);
    const stats = await get(onSearch, '/api/index/stats', admin);
    expect(stats).toEqual({ status: 200, body: { files: COUNT, processes: COUNT, tombstones: 1 } });
    for (const path of [
      '/api/admin/index/reconciliation?limit=4',
      `/api/admin/index/reconciliation?limit=4&after=${encodeURIComponent(`${TEST_ORGANISM}/${code(4)}`)}`,
    ]) {
      const [fromSearch, fromDatabase] = [await get(onSearch, path, admin), await get(onDatabase, path, admin)];
      expect(fromSearch).toEqual(fromDatabase);
      expect(fromSearch.body.items).toHaveLength(4);
    }
  });

  it('is ready when OpenSearch is, and says so', async () => {
    const { status, body } = await get(onSearch, '/health/ready', {});
    expect(status).toBe(200);
    expect(body.checks).toEqual({ database: 'up', opensearch: 'up' });
  });

  it('lists everything after a restart on an empty database: the list lives in OpenSearch, not in the database', async () => {
    const headers = await issuer.headers(testUsers.consulta);
    const restarted = await startFed(env, []);
    const { body } = await get(restarted, '/api/files?size=100&sort=code', headers);
    expect(body.items).toEqual((await get(onSearch, '/api/files?size=100&sort=code', headers)).body.items);
    expect(body.total).toBe(COUNT);
  });

  it('does not start when OpenSearch does not answer, naming it without its credentials', async () => {
    const ctx = testServiceContext('index', issuer, { env: { ...env, INDEX_OPENSEARCH_URL: 'http://tramita:secret@127.0.0.1:1' } });
    const failed = await start(ctx).catch((error: unknown) => error);
    await ctx.transport.close();
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^OpenSearch at http:\/\/127\.0\.0\.1:1 did not answer HEAD /);
    expect((failed as Error).message).not.toContain('secret');
  });
});
