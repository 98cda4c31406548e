import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePlazosSchema, fileListPageSchema, noticeListSchema, plazoResourceSchema, type FilePlazosResource, type PlazoResource } from '@tramita/contracts';
import { ApiClient } from './support/api-client.ts';
import { tinyPdf } from './support/create-expediente.ts';
import { eventually, freePort } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { spawnTramita, type TramitaProcess } from './support/tramita-process.ts';
import { plazosProcedure } from './support/plazos-procedure.ts';

/**
 * Issue 14 end to end (ADR 0016): an expediente whose procedure states a 3-month maximum plazo with
 * negative silence and a 10-día-hábil subsanación; its dies a quo is stated in the past (an entry in
 * the competent registry), its plazo suspended (art. 22.1.a) and resumed, so it has run out; the
 * server, restarted with its expiry poller on, records the legal outcome, tells the responsible
 * users and the list shows it — on the verified 2026 Sevilla calendar the installation defaults to.
 */
const PASSWORD = 'plazos-Contraseña-larga-1';
const PROCEDURE = plazosProcedure('PLAZOS_SILENCIO', 'Autorización con silencio negativo');

describe('the maximum plazo of an expediente runs out and its legal outcome is recorded (issue 14)', () => {
  const code = 'PLAZO-SILENCIO-1';
  let dataDir = '';
  let port = 0;
  let url = '';
  let running: TramitaProcess | undefined;
  const login = async (username: string) =>
    new ApiClient(url, (await loginWithPkce({ baseUrl: url, username, password: PASSWORD, redirectUri: `${url}/callback` })).accessToken);
  const plazosOf = async (api: ApiClient): Promise<FilePlazosResource> =>
    filePlazosSchema.parse(await api.json('GET', `/api/files/${code}/plazos`, undefined, 200));
  const maximumOf = async (api: ApiClient): Promise<PlazoResource> => (await plazosOf(api)).items.find((plazo) => plazo.kind === 'MAXIMO')!;
  // The expiry poller off: the plazo can be set up in the past without it being declared halfway.
  const start = (interval: string) => spawnTramita(port, dataDir, { AUTH_INITIAL_PASSWORD: PASSWORD, BPM_TIMER_INTERVAL_MS: interval });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-plazos-'));
    port = await freePort();
    url = `http://localhost:${port}`;
    running = await start('0');
    const admin = await login('admin');
    const deployed = await admin.request('POST', '/api/procedures', PROCEDURE, { 'content-type': 'application/xml' });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    const option = await admin.request('POST', '/api/initial-options', { code: 'PLAZOS', name: 'Autorización con plazo', procedureCode: 'PLAZOS_SILENCIO' });
    expect(option.status).toBe(201);
    const user = await login('user');
    const uploaded = await user.upload(`${code}.pdf`, tinyPdf(code));
    const { id } = (await uploaded.json()) as { id: string };
    const created = await user.request('POST', '/api/files', { code, initialOption: 'PLAZOS', documents: [id] });
    expect(created.status).toBe(202);
    const saga = created.headers.get('location')!;
    const status = await eventually(`the saga of ${code}`, async () => {
      const current = await user.json<{ status: string }>('GET', saga, undefined, 200);
      return current.status === 'running' ? undefined : current.status;
    });
    expect(status).toBe('completed');
  }, 240_000);

  afterAll(async () => {
    await running?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the maximum plazo and the subsanación plazo, each with a due date and its explanation, and the task carries its plazo', async () => {
    const api = await login('user');
    const plazos = await plazosOf(api);
    expect(plazos.calendar).toEqual({ seat: { community: 'ES-AN', municipality: '41091' }, residence: null, channel: 'ELECTRONIC', timeZone: 'Europe/Madrid' });
    const [maximum, tramite] = plazos.items;
    expect(maximum).toMatchObject({ kind: 'MAXIMO', durationText: '3 meses', expiryEffect: 'SILENCIO_NEGATIVO', state: 'RUNNING', canManage: true });
    expect(tramite).toMatchObject({ kind: 'TRAMITE', name: 'Subsanar la solicitud', durationText: '10 días hábiles', state: 'RUNNING' });
    for (const plazo of [maximum!, tramite!]) {
      expect(Date.parse(plazo.due!.endsAt)).toBeGreaterThan(Date.now());
      expect(plazo.due!.explanation.lines.join('\n')).toMatch(/vence el \w+ \d+ de \w+ de 20\d\d/i);
    }
    const [task] = (await api.json<{ items: { plazo?: { plazoId: string } }[] }>('GET', `/api/tasks?fileCode=${code}`, undefined, 200)).items;
    expect(task?.plazo?.plazoId).toBe(tramite!.plazoId);
  });

  it('takes the dies a quo from an earlier registry entry and moves the due date by a suspension (arts. 21.3.b, 22.1.a)', async () => {
    const api = await login('user');
    const { plazoId } = await maximumOf(api);
    const base = `/api/files/${code}/plazos/${plazoId}`;
    const started = plazoResourceSchema.parse(
      await api.json(
        'PUT',
        `${base}/start`,
        { startedAt: '2026-06-01T10:00:00+02:00', basis: 'ENTRADA_REGISTRO', note: 'Solicitud registrada el 1 de junio' },
        200,
      ),
    );
    // 1 Jun 2026 + 3 months = Tue 1 Sep 2026 (art. 30.4), every day in verified calendars.
    expect(started.due).toMatchObject({ status: 'FINAL', date: '2026-09-01' });
    const suspended = plazoResourceSchema.parse(
      await api.json(
        'POST',
        `${base}/suspensions`,
        { cause: '22.1.a', startedAt: '2026-06-15T09:00:00+02:00', note: 'Requerimiento de subsanación notificado' },
        201,
      ),
    );
    expect(suspended).toMatchObject({ state: 'SUSPENDED', due: null });
    const resumed = plazoResourceSchema.parse(
      await api.json(
        'POST',
        `${base}/suspensions/${suspended.suspensions[0]!.id}/end`,
        { endedAt: '2026-06-29T12:00:00+02:00', note: 'Documentación aportada' },
        200,
      ),
    );
    // 14 days suspended: 1 Sep + 14 = Tue 15 Sep 2026.
    expect(resumed).toMatchObject({ state: 'RUNNING', due: { status: 'FINAL', date: '2026-09-15' }, trafficLight: 'OVERDUE' });
    expect(resumed.history.map((entry) => entry.event)).toEqual(['COMPUTED', 'STARTED', 'SUSPENDED', 'RESUMED']);
    // An expired plazo is never extended (art. 32.3).
    const late = await api.request('POST', `${base}/extensions`, { article: '23', duration: { value: 1, unit: 'MESES' }, reason: 'Complejidad' });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'plazo-expired' });
  });

  it('records negative silence from the day after expiry once the server runs its poller, tells the tramitadores and shows it in the list', async () => {
    await running!.kill('SIGTERM');
    running = await start('200');
    const api = await login('user');
    const expired = await eventually('the maximum plazo to expire', async () => {
      const maximum = await maximumOf(api);
      return maximum.state === 'EXPIRED' ? maximum : undefined;
    });
    expect(expired.outcome).toMatchObject({ kind: 'SILENCIO_NEGATIVO', effectiveFrom: '2026-09-16T00:00:00+02:00' });
    expect(expired.outcome!.article).toMatch(/24/);
    expect(expired).toMatchObject({ trafficLight: 'OVERDUE', canManage: false });
    // The subsanación plazo still runs: only what has run out is declared.
    expect((await plazosOf(api)).items.find((plazo) => plazo.kind === 'TRAMITE')?.state).toBe('RUNNING');

    const notices = noticeListSchema.parse(await api.json('GET', '/api/notices', undefined, 200));
    const notice = notices.items.find((item) => item.fileCode === code && item.kind === 'PLAZO_EXPIRED');
    expect(notice?.message).toMatch(/15 de septiembre de 2026/);
    expect((await api.request('POST', `/api/notices/${encodeURIComponent(notice!.noticeId)}/read`)).status).toBe(204);
    expect(
      noticeListSchema.parse(await api.json('GET', '/api/notices', undefined, 200)).items.find((item) => item.noticeId === notice!.noticeId)?.readAt,
    ).not.toBeNull();

    const row = await eventually('the list to show the expired plazo', async () => {
      const page = fileListPageSchema.parse(await api.json('GET', `/api/files?q=${code}&sort=plazo`, undefined, 200));
      const found = page.items.find((item) => item.code === code);
      return found?.plazo?.state === 'EXPIRED' ? found : undefined;
    });
    expect(row.plazo).toMatchObject({ dueStatus: 'FINAL' });
    expect(Date.parse(row.plazo!.dueAt!)).toBe(Date.parse('2026-09-15T23:59:59.999+02:00'));
  });
});
