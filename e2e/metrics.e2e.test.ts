import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { createExpediente } from './support/create-expediente.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

const SERVICES_SECRET = 'secreto-de-prueba-de-las-metricas-0123456789';

/** The value of one sample of a Prometheus text exposition, or undefined when absent. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const [, body = '', value = ''] = /^[^{]+\{([^}]*)\}\s+(\S+)$/.exec(line) ?? [];
    const found = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
    if (Object.entries(labels).every(([key, wanted]) => found[key] === wanted)) return Number(value);
  }
  return undefined;
}

/** Each service serves Prometheus metrics at /metrics on its own port (ADR 0018), to Prometheus's client-credentials token. */
describe('service metrics', () => {
  let tramita: TestTramita;
  let user: ApiClient;
  let serviceToken: string;

  beforeAll(async () => {
    tramita = await startTramita({ AUTH_SERVICES_CLIENT_SECRET: SERVICES_SECRET });
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    user = new ApiClient(tramita.url, accessToken);
    const token = await fetch(`${tramita.url}/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`tramita-services:${SERVICES_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    expect(token.status).toBe(200);
    serviceToken = ((await token.json()) as { access_token: string }).access_token;
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  const scrape = async (service: 'files' | 'index' | 'gateway', token?: string) =>
    fetch(`${tramita.system.services[service].url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('counts requests per route, and the sagas and outbox of a journey, after it ran', async () => {
    for (const code of ['MET-2026-0001', 'MET-2026-0002']) await createExpediente(user, code);
    const response = await scrape('files', serviceToken);
    expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const files = await response.text();
    expect(sample(files, 'tramita_sagas', { service: 'files', status: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(files).toMatch(/^tramita_outbox_pending\{service="files"\} \d+$/m);
    expect(files).toMatch(/^tramita_outbox_oldest_pending_age_seconds\{service="files"\} [\d.e+-]+$/m);
    expect(sample(files, 'tramita_http_requests_total', { service: 'files', method: 'POST', route: '/api/files', status: '202' })).toBe(2);
    expect(sample(files, 'tramita_http_request_duration_seconds_count', { service: 'files', method: 'POST', route: '/api/files' })).toBe(2);
    expect(files).toMatch(/^# TYPE tramita_dead_letters gauge$/m); // declared, with no sample while there are none
    // The route's template, never an expediente's code.
    expect(files).not.toContain('MET-2026-0001');

    const index = await (await scrape('index', serviceToken)).text();
    expect(sample(index, 'tramita_outbox_pending', { service: 'index' })).toBe(0);
  });

  it('is refused without a token and to a person who is not a platform operator', async () => {
    expect((await scrape('files')).status).toBe(401);
    const refused = await scrape('gateway', user.token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
