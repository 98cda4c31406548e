import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allInOneDatabase, openDatabase, verifyAuditExport } from '../packages/platform/src/index.ts';
import { sql } from 'kysely';
import { ApiClient } from './support/api-client.ts';
import { eventually, freePort } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { spawnTramita, type TramitaProcess } from './support/tramita-process.ts';

const PASSWORD = 'crash-Contraseña-larga-1';
/** While this delay runs, committed messages sit in the outboxes: the window the test kills in. */
const RELAY_DELAY_MS = '3000';

/** Reads, from a killed process's embedded database, the outbox rows committed but never sent. */
async function unsentMessageTypes(dataDir: string, service: string): Promise<string[]> {
  const database = await openDatabase<unknown>(allInOneDatabase(dataDir, service));
  try {
    const rows = await sql<{ type: string }>`select envelope->>'type' as type from outbox where published_at is null order by seq`.execute(database.db);
    return rows.rows.map((r) => r.type);
  } finally {
    await database.close();
  }
}

describe('a crash between commit and delivery loses nothing and applies nothing twice', () => {
  let dataDir = '';
  let running: TramitaProcess | undefined;

  afterAll(async () => {
    await running?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('recovers a saga command and a phase event committed just before SIGKILL', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-crash-'));
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const env = { AUTH_INITIAL_PASSWORD: PASSWORD };
    const login = async () =>
      new ApiClient(url, (await loginWithPkce({ baseUrl: url, username: 'user', password: PASSWORD, redirectUri: `${url}/callback` })).accessToken);

    // 1. Saga started (reservation + CreateProcess committed in files), killed before delivery.
    running = await spawnTramita(port, dataDir, { ...env, TRAMITA_TEST_RELAY_DELAY_MS: RELAY_DELAY_MS });
    let api = await login();
    const doc = (await (await api.upload('informe.txt', new TextEncoder().encode('informe técnico'))).json()) as { id: string };
    const created = await api.request('POST', '/api/files', { code: 'CRASH-1', initialOption: 'SEDE', documents: [doc.id] });
    expect(created.status).toBe(202);
    const sagaLocation = created.headers.get('location')!;
    await running.kill('SIGKILL');
    // The kill really fell between commit and delivery: the command is committed, not sent.
    expect(await unsentMessageTypes(dataDir, 'files')).toContain('CreateProcess');

    // 2. Restart: the relay publishes what was committed; the saga completes exactly once.
    running = await spawnTramita(port, dataDir, env);
    api = await login();
    const saga = await eventually(
      'saga completion after restart',
      async () => {
        const s = await api.json<{ status: string }>('GET', sagaLocation, undefined, 200);
        return s.status === 'running' ? undefined : s;
      },
      30_000,
    );
    expect(saga.status).toBe('completed');
    const started = await api.json<{ history: unknown[]; version: number }>('GET', '/api/files/CRASH-1/process', undefined, 200);
    expect(started.history).toHaveLength(1);

    // 3. A transition committed in bpm, its event still in the outbox when the process dies.
    await running.kill('SIGTERM');
    running = await spawnTramita(port, dataDir, { ...env, TRAMITA_TEST_RELAY_DELAY_MS: RELAY_DELAY_MS });
    api = await login();
    const moved = await api.request('POST', '/api/files/CRASH-1/transitions', { to: 'ANALISIS_TECNICO', expectedVersion: 1 });
    expect(moved.status).toBe(200);
    await running.kill('SIGKILL');
    expect(await unsentMessageTypes(dataDir, 'bpm')).toContain('ProcessAdvanced');

    // 4. After restart, bpm holds the step once, and files and the read model caught up.
    running = await spawnTramita(port, dataDir, env);
    api = await login();
    const process = await api.json<{ history: { phase: { code: string } }[]; version: number }>('GET', '/api/files/CRASH-1/process', undefined, 200);
    expect(process.history.map((h) => h.phase.code)).toEqual(['INICIAL', 'ANALISIS_TECNICO']);
    const record = await eventually(
      'files to follow the phase',
      async () => {
        const r = await api.json<{ currentPhase: { code: string } | null }>('GET', '/api/files/CRASH-1/record', undefined, 200);
        return r.currentPhase?.code === 'ANALISIS_TECNICO' ? r : undefined;
      },
      30_000,
    );
    expect(record.currentPhase?.code).toBe('ANALISIS_TECNICO');
    const listed = await eventually(
      'the read model to follow',
      async () => {
        const page = await api.json<{ items: { code: string; phase: { code: string } | null }[]; total: number }>('GET', '/api/files?q=CRASH-1');
        return page.items[0]?.phase?.code === 'ANALISIS_TECNICO' ? page : undefined;
      },
      30_000,
    );
    expect(listed.items.filter((i) => i.code === 'CRASH-1')).toHaveLength(1);
    const detail = await api.json<{ documents: { id: string }[] }>('GET', '/api/files/CRASH-1', undefined, 200);
    expect(detail.documents.map((d) => d.id)).toEqual([doc.id]);

    // 5. The audit trail (ADR 0014): each command killed right after its commit kept its entry,
    // once, and every chain still verifies after three restarts.
    const admin = new ApiClient(
      url,
      (await loginWithPkce({ baseUrl: url, username: 'admin', password: PASSWORD, redirectUri: `${url}/callback` })).accessToken,
    );
    for (const [service, action, count] of [
      ['bpm', 'process.transition', 1],
      ['docs', 'document.upload', 1],
    ] as const) {
      const exported = await admin.request('GET', `/api/admin/${service}/audit/export`);
      expect(exported.status).toBe(200);
      const text = await exported.text();
      expect(verifyAuditExport(text)).toMatchObject({ ok: true, firstSeq: 1 });
      const entries = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { action?: string; actor?: { username?: string }; details?: Record<string, unknown> });
      const recorded = entries.filter((entry) => entry.action === action);
      expect(recorded).toHaveLength(count);
      expect(recorded[0]?.actor?.username).toBe('user');
    }
  }, 600_000);
});
