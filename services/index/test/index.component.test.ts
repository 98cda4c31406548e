import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@tramita/contracts';
import { buildEnvelope, type TransportMessage } from '@tramita/messaging';
import { createTestIssuer, TEST_ORGANISM, testServiceContext, testUsers, type TestIssuer } from '@tramita/platform/testing';
import { createLogger, type RunningService } from '@tramita/platform';
import { start } from '../src/index.ts';
import type { FileEvent } from '../src/application/projections/file-view.projection.ts';
import type { PlazoEvent } from '../src/application/projections/plazo-view.projection.ts';
import type { ProcessEvent } from '../src/application/projections/process-view.projection.ts';
import { fileCreated, fileUpdated, plazoChanged, processAdvanced, processDeleted, processStarted, shuffled } from './events.ts';

const SEED = 20240510;
const cause = { source: 'test', correlationId: 'c', causationId: null };

/** The envelope files or bpm would publish for an event (subject = aggregate id). */
function message(event: FileEvent | ProcessEvent | PlazoEvent): TransportMessage {
  if (event.type === 'FileCreated' || event.type === 'FileUpdated') {
    return buildEnvelope({ topic: topics.filesEvents, type: event.type, subject: event.data.code, data: event.data }, cause);
  }
  return buildEnvelope({ topic: topics.bpmEvents, type: event.type, subject: event.data.processId, data: event.data }, cause);
}

const OPTION_EDITED = { code: 'DEPT', name: 'A petición departamento' };
const code = (n: number) => `2024/${String(n).padStart(4, '0')}`;

/** Creation of expediente n (the saga's events) plus an advance and an initial-option edit. */
function lifeOf(n: number): TransportMessage[] {
  const processId = `proc-${n}`;
  const day = `2024-05-${String(n).padStart(2, '0')}`;
  const base = { code: code(n), processId, createdAt: `${day}T09:00:00.000Z`, updatedAt: `${day}T09:00:00.000Z` };
  const process = { processId, fileCode: code(n), startedAt: `${day}T08:59:00.000Z`, updatedAt: `${day}T08:59:00.000Z` };
  const events: (FileEvent | ProcessEvent)[] = [
    fileCreated({ ...base, description: n % 2 === 0 ? `Petición de licencia ${n}` : `Queja vecinal ${n}` }),
    processStarted(process),
  ];
  if (n % 3 !== 0) events.push(processAdvanced({ ...process, updatedAt: `${day}T10:00:00.000Z` }));
  if (n % 4 === 0) {
    events.push(fileUpdated({ ...base, description: `Petición de licencia ${n}`, initialOption: OPTION_EDITED, updatedAt: `${day}T11:00:00.000Z` }));
  }
  return [...events, ...plazosOf(n)].map(message);
}

/**
 * The maximum plazo of the even expedientes (the later the number, the sooner it is due); the
 * fourth ones were recomputed (version 2, so the first, earlier date is stale) and the sixth is
 * suspended. Due order: 12, 10, 8, 4, 2; the others have none that counts.
 */
function plazosOf(n: number): PlazoEvent[] {
  if (n % 2 !== 0) return [];
  const plazo = { processId: `proc-${n}`, fileCode: code(n), organism: TEST_ORGANISM, plazoId: `plazo-${n}`, nearFrom: null };
  const events = [plazoChanged({ ...plazo, dueAt: `2024-09-${30 - n}T21:59:59.999Z`, version: n % 4 === 0 ? 2 : 1 })];
  if (n % 4 === 0) events.push(plazoChanged({ ...plazo, dueAt: '2024-07-01T21:59:59.999Z', version: 1 }));
  if (n === 6) events.push(plazoChanged({ ...plazo, state: 'SUSPENDED', dueAt: null, dueStatus: null, version: 2 }));
  return events;
}

/** A saga that was compensated: bpm started and then deleted the process; files never published. */
function compensated(): TransportMessage[] {
  const process = { processId: 'proc-ghost', fileCode: '2024/9999' };
  return [message(processStarted(process)), message(processDeleted('proc-ghost', 2, '2024/9999'))];
}

/** Every message at least once, some two or three times, in a seeded random order. */
function arrival(messages: TransportMessage[], seed: number): TransportMessage[] {
  const duplicated = messages.flatMap((m, i) => (i % 3 === 0 ? [m, m, m] : i % 2 === 0 ? [m, m] : [m]));
  return shuffled(duplicated, seed);
}

describe('index service', () => {
  let issuer: TestIssuer;
  let running: RunningService;
  let auth: Record<string, string>;
  const COUNT = 12;

  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${running.url}${path}`, { headers });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
  };

  const all = [...Array.from({ length: COUNT }, (_, i) => lifeOf(i + 1)).flat(), ...compensated()];
  const deadLetters: string[] = [];
  const started: { running: RunningService; ctx: ReturnType<typeof testServiceContext> }[] = [];

  /** Starts the service and feeds it every message in the order `seed` gives, with duplicates. */
  async function startFed(seed: number) {
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.toString().includes('message dead-lettered')) deadLetters.push(chunk.toString());
        done();
      },
    });
    const serviceCtx = testServiceContext('index', issuer, { logger: createLogger({ service: 'index', level: 'error', destination: logs }) });
    const service = await start(serviceCtx);
    started.push({ running: service, ctx: serviceCtx });
    // Half the messages one by one in a shuffled order, the rest concurrently (other keys overlap).
    const order = arrival(all, seed);
    const half = Math.floor(order.length / 2);
    for (const m of order.slice(0, half)) await serviceCtx.transport.publish([m]);
    await Promise.all(order.slice(half).map((m) => serviceCtx.transport.publish([m])));
    // A late ProcessStarted for the compensated saga, redelivered after the deletion.
    await serviceCtx.transport.publish([compensated()[0]!]);
    return { running: service, ctx: serviceCtx };
  }

  beforeAll(async () => {
    issuer = await createTestIssuer();
    ({ running } = await startFed(SEED));
    auth = await issuer.headers(testUsers.consulta);
  });

  afterAll(async () => {
    for (const s of started) {
      await s.running.stop();
      await s.ctx.transport.close();
    }
  });

  it('applied every message (none was dead-lettered)', () => {
    expect(deadLetters).toEqual([]);
  });

  it('ends with the same list under other arrival orders', async () => {
    const reference = (await get('/api/files?size=100')).body;
    for (const seed of [1234567]) {
      const other = await startFed(seed);
      const response = await fetch(`${other.running.url}/api/files?size=100`, { headers: auth });
      expect(await response.json()).toEqual(reference);
    }
    expect(deadLetters).toEqual([]);
  });

  it('refuses the list without a token', async () => {
    const response = await get('/api/files', {});
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
  });

  it("lists nothing of another organism's expedientes to its members, not even in the total (ADR 0013)", async () => {
    const stranger = await issuer.headers({ username: 'eva', memberships: [{ organism: 'A01002820', roles: ['consulta', 'tramitador'] }] });
    const { status, body } = await get('/api/files?size=100', stranger);
    expect(status).toBe(200);
    expect(body).toMatchObject({ items: [], total: 0 });
    expect((await get(`/api/files?q=${code(4)}`, stranger)).body.total).toBe(0);
  });

  it('lists every expediente once, complete, with the real total, whatever the arrival order', async () => {
    const { status, body } = await get('/api/files?size=100');
    expect(status).toBe(200);
    expect(body.total).toBe(COUNT);
    expect(body.items).toHaveLength(COUNT);
    expect(body.items.map((i: { code: string }) => i.code)).toEqual(Array.from({ length: COUNT }, (_, i) => code(COUNT - i)));
    const fourth = body.items.find((i: { code: string }) => i.code === code(4));
    expect(fourth).toEqual({
      code: code(4),
      organism: TEST_ORGANISM,
      initialOption: OPTION_EDITED,
      description: 'Petición de licencia 4',
      createdAt: '2024-05-04T09:00:00.000Z',
      createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      updatedAt: '2024-05-04T11:00:00.000Z',
      phase: { code: 'ANALISIS', name: 'Análisis técnico' },
      finished: false,
      processId: 'proc-4',
      plazo: { state: 'RUNNING', dueAt: '2024-09-26T21:59:59.999Z', nearFrom: null, dueStatus: 'FINAL' },
    });
    const third = body.items.find((i: { code: string }) => i.code === code(3));
    expect(third.phase).toEqual({ code: 'INICIO', name: 'Inicio' });
  });

  it('never lists the expediente of a compensated saga', async () => {
    const { body } = await get('/api/files?q=9999');
    expect(body.total).toBe(0);
  });

  it('pages with a default of 20 and a total across pages', async () => {
    const first = await get('/api/files?size=5');
    const third = await get('/api/files?size=5&page=3');
    expect(first.body).toMatchObject({ total: COUNT, page: 1, size: 5 });
    expect(first.body.items).toHaveLength(5);
    expect(third.body.items.map((i: { code: string }) => i.code)).toEqual([code(2), code(1)]);
    expect((await get('/api/files')).body.size).toBe(20);
  });

  it('filters by phase, initial option, text and creation date', async () => {
    const inicio = await get('/api/files?phase=INICIO&sort=code');
    expect(inicio.body.items.map((i: { code: string }) => i.code)).toEqual([3, 6, 9, 12].map(code));
    const both = await get('/api/files?phase=INICIO&phase=ANALISIS');
    expect(both.body.total).toBe(COUNT);
    const edited = await get('/api/files?initialOption=DEPT&sort=code');
    expect(edited.body.items.map((i: { code: string }) => i.code)).toEqual([4, 8, 12].map(code));
    const text = await get(`/api/files?q=${encodeURIComponent('peticion')}&sort=code`);
    expect(text.body.items.map((i: { code: string }) => i.code)).toEqual([2, 4, 6, 8, 10, 12].map(code));
    const prefix = await get(`/api/files?q=${encodeURIComponent('queja vec')}`);
    expect(prefix.body.total).toBe(6); // the odd ones: 1, 3, 5, 7, 9, 11
    const dated = await get('/api/files?from=2024-05-03&to=2024-05-05&sort=createdAt,asc');
    expect(dated.body.items.map((i: { code: string }) => i.code)).toEqual([3, 4, 5].map(code));
  });

  it('sorts on request', async () => {
    const byCode = await get('/api/files?sort=code,asc&size=3');
    expect(byCode.body.items.map((i: { code: string }) => i.code)).toEqual([1, 2, 3].map(code));
    const byPhase = await get('/api/files?sort=-phase&size=100');
    expect(byPhase.body.items[0].phase.code).toBe('INICIO');
  });

  it('sorts by the maximum plazo, due soonest first, the rest last by code', async () => {
    const codes = (body: { items: { code: string }[] }) => body.items.map((i) => i.code);
    expect(codes((await get('/api/files?sort=plazo&size=100')).body)).toEqual([12, 10, 8, 4, 2, 1, 3, 5, 6, 7, 9, 11].map(code));
    expect(codes((await get('/api/files?sort=-plazo&size=3&page=2')).body)).toEqual([10, 12, 1].map(code));
    const suspended = (await get(`/api/files?q=${encodeURIComponent(code(6))}`)).body.items[0];
    expect(suspended.plazo).toEqual({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null });
  });

  it.each([
    ['size=0', 'size'],
    ['size=1000', 'size'],
    ['page=0', 'page'],
    ['sort=secret', 'sort'],
    ['sort=plazos', 'sort'],
    ['from=2024-13-45', 'from'],
    ['to=yesterday', 'to'],
    ['from=2024-05-10&to=2024-05-01', 'from'],
    ['size=5&size=6', 'size'],
  ])('answers 400 naming the parameter for %s', async (query, param) => {
    const { status, type, body } = await get(`/api/files?${query}`);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(`querystring.${param}`);
  });

  it("gives counts of views and tombstones to the platform's operators only, never to another organism's admin (they span every organism)", async () => {
    expect((await get('/api/index/stats')).status).toBe(403);
    const otherAdmin = { username: 'olga', memberships: [{ organism: 'A01002820', roles: ['admin'] }] };
    expect((await get('/api/index/stats', await issuer.headers(otherAdmin))).status).toBe(403);
    expect((await get('/api/admin/index/reconciliation', await issuer.headers(otherAdmin))).status).toBe(403);
    expect((await get('/api/admin/index/messaging', await issuer.headers(otherAdmin))).status).toBe(403);
    const { status, body } = await get('/api/index/stats', await issuer.headers(testUsers.admin));
    expect(status).toBe(200);
    expect(body).toEqual({ files: COUNT, processes: COUNT, tombstones: 1 });
  });

  it('documents the list in OpenAPI', async () => {
    const { body } = await get('/openapi.json', {});
    expect(body.paths['/api/files'].get.tags).toEqual(['search']);
  });
});
