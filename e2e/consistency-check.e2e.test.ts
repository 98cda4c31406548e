import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type ConsistencyReportLike } from '../packages/cli/src/check.ts';
import { allInOneDatabase, openDatabase } from '../packages/platform/src/index.ts';
import { ApiClient } from './support/api-client.ts';
import { captured } from './support/captured-output.ts';
import { createExpediente } from './support/create-expediente.ts';
import { eventually } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/**
 * The operator's consistency check (`GET /api/admin/consistency`, `tramita check`) on the
 * all-in-one system: consistent after real traffic; after the read model is damaged on disk,
 * it names exactly the damaged expedientes and the kind of damage; only operators may run it.
 */

const SERVICES_SECRET = 'check-services-secret-0123456789';

describe('the consistency check', () => {
  let tramita: TestTramita;
  let admin: ApiClient;
  let user: ApiClient;
  const env = { AUTH_SERVICES_CLIENT_SECRET: SERVICES_SECRET };

  const login = async (username: string) => {
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username, password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    return new ApiClient(tramita.url, accessToken);
  };
  const report = (api: ApiClient) => api.json<ConsistencyReportLike>('GET', '/api/admin/consistency', undefined, 200);

  beforeAll(async () => {
    tramita = await startTramita(env);
    admin = await login('admin');
    user = await login('agat');
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  }, 60_000);

  it('is refused to people without the admin role, with a problem document', async () => {
    const response = await user.request('GET', '/api/admin/consistency');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('role-required');
    expect((await user.request('GET', '/api/admin/files/messaging')).status).toBe(403);
  });

  it('says consistent after real traffic, with the right counts, and so does tramita check', async () => {
    for (const code of ['CHK-A', 'CHK-B', 'CHK-C']) await createExpediente(user, code);
    await user.json('POST', '/api/files/CHK-B/transitions', { to: 'ANALISIS_TECNICO', expectedVersion: 1 }, 200);

    const settled = await eventually('the system to settle', async () => {
      const current = await report(admin);
      return current.status === 'consistent' ? current : undefined;
    });
    expect(settled.readModel).toMatchObject({
      ok: true,
      counts: { files: { creating: 0, active: 3, finished: 0 }, processes: 3, readModel: 3 },
      differences: { total: 0, sample: [] },
    });
    expect(settled.inFlight).toEqual({ outboxPending: 0, consumerLag: 0, openSagas: 0 });
    expect(settled.deadLetters.total).toBe(0);

    // The command line, once with an admin's token and once with the services client's secret.
    for (const credentials of [{ TRAMITA_TOKEN: admin.token }, { TRAMITA_CLIENT_SECRET: SERVICES_SECRET }]) {
      const { lines, out } = captured();
      expect(await runCheck(['--url', tramita.url], credentials, out)).toBe(0);
      expect(lines.join('\n')).toMatch(/Tramita consistency: CONSISTENT/);
      expect(lines.join('\n')).toMatch(/Compared: 3 expediente\(s\)/);
    }
    const { lines, out } = captured();
    expect(await runCheck(['--url', tramita.url], { TRAMITA_CLIENT_SECRET: 'not-the-secret-at-all' }, out)).toBe(1);
    expect(lines.join('\n')).toMatch(/refused the client credentials/);
    expect(lines.join('\n')).not.toContain('not-the-secret-at-all');
    const usage = captured();
    expect(await runCheck(['--url', tramita.url], {}, usage.out)).toBe(2);
    expect(usage.lines.join('\n')).toMatch(/no credentials/);
  }, 120_000);

  it('names the expedientes whose read-model rows were damaged, and the kind of damage', async () => {
    // Damage the index's embedded database while the system is stopped, as a bad restore would.
    await tramita.system.stop();
    const index = await openDatabase<unknown>(allInOneDatabase(tramita.dataDir, 'index'));
    try {
      await sql`delete from file_view where code = 'CHK-A'`.execute(index.db);
      await sql`update process_view set phase_code = 'VALIDADO' where file_code = 'CHK-B'`.execute(index.db);
    } finally {
      await index.close();
    }
    tramita = await startTramita(env, tramita.dataDir);
    admin = await login('admin');

    const damaged = await report(admin);
    expect(damaged.status).toBe('inconsistent');
    expect(damaged.readModel).toMatchObject({ ok: true, differences: { total: 2, byKind: { 'read-model-missing': 1, 'read-model-phase-mismatch': 1 } } });
    const sample = damaged.readModel.ok ? damaged.readModel.differences.sample.map((d) => `${d.code}:${d.kind}`) : [];
    expect(sample).toEqual(['E00000000/CHK-A:read-model-missing', 'E00000000/CHK-B:read-model-phase-mismatch']);

    const { lines, out } = captured();
    expect(await runCheck(['--url', tramita.url, '--json'], { TRAMITA_TOKEN: admin.token }, out)).toBe(1);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ status: 'inconsistent' });
  }, 180_000);
});
