import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

const MAX_UPLOAD = 64 * 1024;

async function expectProblem(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = (await response.json()) as { status: number; code: string; title: string };
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
  return body;
}

describe('bad input gets the right problem response and changes nothing', () => {
  let tramita: TestTramita;
  let worker: ApiClient;
  let reader: ApiClient;

  beforeAll(async () => {
    tramita = await startTramita({ DOCS_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
    const login = (username: string) => loginWithPkce({ baseUrl: tramita.url, username, password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    worker = new ApiClient(tramita.url, (await login('user')).accessToken);
    reader = new ApiClient(tramita.url, (await login('consulta')).accessToken);
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  it('refuses missing, empty and oversized uploads', async () => {
    await expectProblem(await worker.request('POST', '/api/docs', new FormData()), 400);
    await expectProblem(await worker.upload('vacio.pdf', new Uint8Array()), 400);
    const big = new Uint8Array(MAX_UPLOAD * 2).fill(65);
    await expectProblem(await worker.upload('grande.txt', big), 413);
  });

  it('refuses an unknown initial option, malformed JSON and a duplicate code without touching anything', async () => {
    const doc = (await (await worker.upload('a.txt', new TextEncoder().encode('hola'))).json()) as { id: string };
    await expectProblem(await worker.request('POST', '/api/files', { code: 'BAD-1', initialOption: 'NOPE', documents: [doc.id] }), 400);
    await expectProblem(await worker.request('POST', '/api/files', '{"code": "BAD-2",'), 400, 'malformed-json');
    const list = await worker.json<{ items: { code: string }[] }>('GET', '/api/files?q=BAD', undefined, 200);
    expect(list.items).toEqual([]);
  });

  it('refuses unknown and disallowed phases', async () => {
    const doc = (await (await worker.upload('b.txt', new TextEncoder().encode('texto'))).json()) as { id: string };
    const created = await worker.request('POST', '/api/files', { code: 'PHASES-1', initialOption: 'SEDE', documents: [doc.id] });
    expect(created.status).toBe(202);
    const location = created.headers.get('location')!;
    for (let i = 0; i < 100; i++) {
      const saga = await worker.json<{ status: string }>('GET', location);
      if (saga.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await expectProblem(await worker.request('POST', '/api/files/PHASES-1/transitions', { to: 'ANALISIS_TECNICO' }), 428);
    await expectProblem(await worker.request('POST', '/api/files/PHASES-1/transitions', { to: 'NO_EXISTE', expectedVersion: 1 }), 400);
    await expectProblem(await worker.request('POST', '/api/files/PHASES-1/transitions', { to: 'FINALIZADO', expectedVersion: 1 }), 409);
    const process = await worker.json<{ history: unknown[] }>('GET', '/api/files/PHASES-1/process', undefined, 200);
    expect(process.history).toHaveLength(1);
  });

  it('refuses calls with no token, a foreign issuer, or a role that may not act', async () => {
    await expectProblem(await fetch(`${tramita.url}/api/files`), 401);
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    await exportJWK(publicKey);
    const foreign = await new SignJWT({ preferred_username: 'user', roles: ['tramitador'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'x' })
      .setIssuer('https://evil.example/auth')
      .setAudience('tramita-api')
      .setSubject('user')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectProblem(await new ApiClient(tramita.url, foreign).request('GET', '/api/files'), 401);
    await expectProblem(await new ApiClient(tramita.url, foreign).request('GET', '/api/initial-options'), 401);
    const doc = await reader.upload('c.txt', new TextEncoder().encode('x'));
    await expectProblem(doc, 403);
    await expectProblem(await reader.request('POST', '/api/files', { code: 'RO-1', initialOption: 'SEDE', documents: ['x'] }), 403);
    // Reading is allowed for the read-only role.
    expect((await reader.request('GET', '/api/files')).status).toBe(200);
  });
});
