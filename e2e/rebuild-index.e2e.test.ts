import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileListPage } from '@tramita/contracts';
import { runRebuildIndex } from '../packages/cli/src/rebuild-index.ts';
import { allInOneDatabase, openDatabase } from '../packages/platform/src/index.ts';
import { ApiClient } from './support/api-client.ts';
import { captured } from './support/captured-output.ts';
import { settledConsistency } from './support/consistency.ts';
import { createExpediente } from './support/create-expediente.ts';
import { eventually } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/**
 * `tramita rebuild-index` (ADR 0019) on the all-in-one system: the read model damaged on disk is
 * rebuilt from files' and bpm's snapshots, the list comes back exactly as it was, the check says
 * consistent; only platform operators may empty or feed the read model, and a bad page changes nothing.
 */

describe('rebuilding the read model', () => {
  let tramita: TestTramita;
  let admin: ApiClient;
  let user: ApiClient;

  const login = async (username: string) => {
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username, password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    return new ApiClient(tramita.url, accessToken);
  };
  const list = (api: ApiClient) => api.json<FileListPage>('GET', '/api/files?size=100&sort=code', undefined, 200);

  beforeAll(async () => {
    tramita = await startTramita({});
    admin = await login('admin');
    user = await login('agat');
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  }, 60_000);

  it('rebuilds a damaged read model from the owners, and the list is the same as before', async () => {
    for (const code of ['RB-A', 'RB-B', 'RB-C']) await createExpediente(user, code);
    await user.json('POST', '/api/files/RB-B/transitions', { to: 'ANALISIS_TECNICO', expectedVersion: 1 }, 200);
    const before = await eventually('the list to show the transition', async () => {
      const page = await list(user);
      return page.items.find((item) => item.code === 'RB-B')?.phase?.code === 'ANALISIS_TECNICO' && page.total === 3 ? page : undefined;
    });
    // Everything sent is consumed (plazos included) before the list is taken as the reference.
    expect((await settledConsistency(tramita.url, admin.token)).status).toBe('consistent');
    expect(await list(user)).toEqual(before);

    // Only platform operators empty or feed the read model; a malformed page is refused whole.
    expect((await user.request('DELETE', '/api/admin/index/read-model')).status).toBe(403);
    expect((await user.request('POST', '/api/admin/index/read-model/snapshots', { files: [] })).status).toBe(403);
    const bad = await admin.request('POST', '/api/admin/index/read-model/snapshots', { files: [{ code: 'RB-A' }] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // What the stores cannot keep (a year before 1900, a version past 32 bits) is refused, not stored (a fuzzer's find).
    const unstorable = {
      processes: [
        {
          process: {
            processId: 'admin',
            fileCode: 'RB-X',
            procedure: { code: 'P', version: 1 },
            phase: { code: '0', name: '0' },
            finished: false,
            startedAt: '0020-02-29T00:00:00Z',
            updatedAt: '0020-02-29T00:00:00Z',
            version: 1,
          },
          plazo: {
            processId: 'admin',
            fileCode: 'RB-X',
            organism: 'E00000000',
            plazoId: 'x',
            state: 'RUNNING',
            dueAt: null,
            nearFrom: null,
            dueStatus: null,
            version: 9007199254740990,
          },
        },
      ],
    };
    expect((await admin.request('POST', '/api/admin/index/read-model/snapshots', unstorable)).status).toBe(400);
    expect((await list(user)).items).toEqual(before.items);

    // Damage the index's embedded database while the system is stopped, as a bad restore would.
    await tramita.system.stop();
    const index = await openDatabase<unknown>(allInOneDatabase(tramita.dataDir, 'index'));
    try {
      await sql`delete from file_view where code = 'RB-A'`.execute(index.db);
      await sql`update process_view set phase_code = 'VALIDADO' where file_code = 'RB-B'`.execute(index.db);
    } finally {
      await index.close();
    }
    tramita = await startTramita({}, tramita.dataDir);
    admin = await login('admin');
    user = await login('agat');
    expect((await list(user)).total).toBe(2);

    // Without --empty, what is missing comes back; a stored view as new as the owner's stays.
    const partial = captured();
    expect(await runRebuildIndex(['--url', tramita.url, '--page', '2', '--wait', '5'], { TRAMITA_TOKEN: admin.token }, partial.out)).toBe(1);
    const partialText = partial.lines.join('\n');
    expect(partialText).toMatch(/Expedientes: 3 snapshot\(s\) applied, 1 view\(s\) changed/);
    expect(partialText).toMatch(/Processes: 3 snapshot\(s\) applied/);
    expect(partialText).toMatch(/E00000000\/RB-B: read-model-phase-mismatch/);
    expect((await list(user)).total).toBe(3);

    // With --empty, everything is rebuilt from the owners: the list is the one before the damage.
    const full = captured();
    expect(await runRebuildIndex(['--url', tramita.url, '--empty', '--page', '2'], { TRAMITA_TOKEN: admin.token }, full.out)).toBe(0);
    const fullText = full.lines.join('\n');
    expect(fullText).toMatch(/Read model emptied/);
    expect(fullText).toMatch(/Expedientes: 3 snapshot\(s\) applied, 3 view\(s\) changed/);
    expect(fullText).toMatch(/Tramita consistency: CONSISTENT/);
    expect(await list(user)).toEqual(before);

    // Run again, nothing changes: every view is as new as its owner's.
    const again = captured();
    expect(await runRebuildIndex(['--url', tramita.url], { TRAMITA_TOKEN: admin.token }, again.out)).toBe(0);
    expect(again.lines.join('\n')).toMatch(/Expedientes: 3 snapshot\(s\) applied, 0 view\(s\) changed/);
  }, 240_000);

  it('refuses wrong usage with a readable message and changes nothing', async () => {
    const usage = captured();
    expect(await runRebuildIndex(['--url', tramita.url, '--page', '0'], { TRAMITA_TOKEN: admin.token }, usage.out)).toBe(2);
    expect(usage.lines.join('\n')).toMatch(/--page must be a whole number from 1 to 1000/);
    const anonymous = captured();
    expect(await runRebuildIndex(['--url', tramita.url, '--empty'], {}, anonymous.out)).toBe(2);
    expect(anonymous.lines.join('\n')).toMatch(/no credentials/);
    const refused = captured();
    expect(await runRebuildIndex(['--url', tramita.url, '--empty'], { TRAMITA_TOKEN: user.token }, refused.out)).toBe(1);
    expect(refused.lines.join('\n')).toMatch(/HTTP 403 to DELETE \/api\/admin\/index\/read-model/);
    expect((await list(user)).total).toBe(3);
  }, 60_000);
});
