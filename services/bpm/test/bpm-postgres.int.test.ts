import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { newId } from '@tramita/kernel';
import { buildEnvelope, InProcessTransport, type Envelope } from '@tramita/messaging';
import type { RunningService } from '@tramita/platform';
import { createTestIssuer, testServiceContext, testUsers, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import { start } from '../src/index.ts';
import { DEFAULT_PROCEDURE } from '../src/domain/default-procedure.ts';

/**
 * The bpm service against a real PostgreSQL server (15 in CI): migrations, row locks under real
 * concurrency. Set TEST_POSTGRES_URL (a superuser URL); a throwaway database is created and dropped.
 */
const serverUrl = process.env.TEST_POSTGRES_URL;
const REPLIES = 'files.create-file.replies';

describe.skipIf(!serverUrl)('bpm on PostgreSQL', () => {
  const database = `bpm_int_${newId().replaceAll('-', '').slice(-12)}`;
  let issuer: TestIssuer;
  let transport: InProcessTransport;
  let running: RunningService;
  const received: Envelope[] = [];

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${database}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    issuer = await createTestIssuer();
    transport = new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 });
    running = await start(testServiceContext('bpm', issuer, { transport, database: { kind: 'postgres', url: url.toString(), poolSize: 5 } }));
    await transport.subscribe({
      group: 'test',
      topics: ['bpm.events', REPLIES],
      handle: async (m) => void received.push(m.envelope),
      deadLetter: async () => {},
    });
  });

  afterAll(async () => {
    await running?.stop();
    await transport?.close();
    await admin(`drop database if exists ${database}`);
  });

  async function http(method: string, path: string, user: TestUser, body?: unknown) {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { ...(await issuer.headers(user)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function newProcess(): Promise<string> {
    const fileCode = `EXP-${newId().slice(-12)}`;
    const sagaId = newId();
    const processId = newId();
    await transport.publish([
      buildEnvelope(
        {
          topic: 'bpm.commands',
          type: 'CreateProcess',
          subject: processId,
          data: { processId, fileCode, requestedBy: { username: 'agat', displayName: 'Gat Alba, Antonio' } },
          saga: { id: sagaId, step: 'process', direction: 'forward', replyTo: REPLIES },
        },
        { source: 'test', correlationId: 'c', causationId: null },
      ),
    ]);
    const deadline = Date.now() + 5_000;
    while (!received.some((e) => e.sagaid === sagaId)) {
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(received.find((e) => e.sagaid === sagaId)?.type).toBe('ProcessCreated');
    return fileCode;
  }

  it('runs the migrations and serves the seeded default procedure, and its BPMN file as version 2 with the same phases', async () => {
    expect((await http('GET', '/api/procedures/EXPEDIENTE?version=1', testUsers.consulta)).body).toEqual(DEFAULT_PROCEDURE);
    expect((await http('GET', '/api/procedures/EXPEDIENTE', testUsers.consulta)).body).toEqual({ ...DEFAULT_PROCEDURE, version: 2 });
  });

  it('walks the procedure with a rework loop', async () => {
    const fileCode = await newProcess();
    const walk: [TestUser, string][] = [
      [testUsers.tramitador, 'ANALISIS_TECNICO'],
      [testUsers.tecnico, 'RECHAZADO'],
      [testUsers.tramitador, 'INICIAL'],
      [testUsers.tramitador, 'ANALISIS_TECNICO'],
      [testUsers.tecnico, 'VALIDADO'],
      [testUsers.validador, 'FINALIZADO'],
    ];
    for (const [index, [user, to]] of walk.entries()) {
      expect((await http('POST', `/api/files/${fileCode}/transitions`, user, { to, expectedVersion: index + 1 })).status).toBe(200);
    }
    const view = await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta);
    expect(view.body).toMatchObject({ finished: true, version: 7 });
    expect(view.body.history).toHaveLength(7);
    expect(view.body.history[6].finishedAt).toBe(view.body.history[6].enteredAt);
  });

  it('lets exactly one of many concurrent transitions win', async () => {
    const fileCode = await newProcess();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => http('POST', `/api/files/${fileCode}/transitions`, testUsers.tramitador, { to: 'ANALISIS_TECNICO', expectedVersion: 1 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const view = await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta);
    expect([view.body.version, view.body.history.length]).toEqual([2, 2]);
  });
});
