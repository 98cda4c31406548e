import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRecordResource, UserLookupResource } from '@tramita/contracts';
import type { RunningService } from '@tramita/platform';
import { testUsers } from '@tramita/platform/testing';
import { closedUrl, fakeUpstream, json, startGateway, type FakeUpstream } from './fake-upstream.ts';

const op = (summary: string) => ({ summary, tags: ['x'], responses: { 200: { description: 'ok' } } });

/** A GET with the path sent exactly as written (fetch would normalise dot segments). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('gateway', () => {
  let files: FakeUpstream;
  let bpm: FakeUpstream;
  let auth: FakeUpstream;
  let docsDown: string;
  let gateway: RunningService;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const record = {
      code: 'EXP-1',
      organism: 'L01280796',
      processId: 'p-1',
      initialOption: { code: 'LIC', name: 'Licencias' },
      description: 'Obra menor',
      status: 'active',
      finished: false,
      currentPhase: { code: 'ANALISIS', name: 'Análisis técnico' },
      documentIds: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      createdBy: { username: 'agat', displayName: 'agat (record)' },
      updatedAt: '2025-01-01T00:00:00.000Z',
      updatedBy: { username: 'agat', displayName: 'agat (record)' },
      version: 1,
    } satisfies FileRecordResource;
    files = await fakeUpstream({
      'GET /openapi.json': json({
        openapi: '3.1.0',
        paths: { '/api/files': { post: op('Crear expediente') }, '/api/files/{code}/record': { get: op('Registro') } },
        components: { schemas: { Problem: { type: 'object', description: 'files' } } },
      }),
      'GET /api/files/EXP-1/record': json(record),
      'GET /api/files/NONE/record': json({ status: 404, code: 'file-not-found', detail: 'no' }, 404),
      // The drift issue 11 found: a phase as a bare string where the contract says code and name.
      'GET /api/files/DRIFT/record': json({ ...record, code: 'DRIFT', currentPhase: 'ANALISIS' }),
    });
    bpm = await fakeUpstream({
      'GET /openapi.json': json({
        openapi: '3.1.0',
        paths: { '/api/procedures': { get: op('Procedimientos') } },
        components: { schemas: { Problem: { type: 'object', description: 'bpm' } } },
      }),
      'GET /api/files/EXP-1/process': json({ status: 500, code: 'internal-error', detail: 'boom' }, 500),
    });
    auth = await fakeUpstream({
      'GET /api/users/lookup': json({
        users: [{ username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', displayName: 'Gat Alba, Antonio' }],
      } satisfies UserLookupResource),
    });
    docsDown = await closedUrl();
    const started = await startGateway({ files: files.url, bpm: bpm.url, auth: auth.url, docs: docsDown });
    gateway = started.running;
    headers = await started.issuer.headers(testUsers.tramitador);
  });

  afterAll(async () => {
    await gateway.stop();
    await Promise.all([files, bpm, auth].map((upstream) => upstream.close()));
  });

  it('merges the services OpenAPI documents with its own composed endpoint', async () => {
    const response = await fetch(`${gateway.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.info.title).toBe('Tramita API');
    expect(doc.servers).toEqual([{ url: 'http://localhost:8080' }]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/files', '/api/files/{code}/record', '/api/procedures', '/api/files/{code}']));
    expect(doc.paths['/api/files/{code}'].get.tags).toEqual(['files']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['files_Problem', 'bpm_Problem']));
    expect(doc.components.securitySchemes.oauth2.flows.authorizationCode.authorizationUrl).toBe('http://localhost:8080/auth/auth');
    const missing = doc['x-tramita-missing'].map((entry: { service: string }) => entry.service);
    expect(missing).toEqual(['auth', 'docs']); // the fake auth has no /openapi.json; docs is down
  });

  it('serves the documentation UI over the merged document, its assets allowed by its CSP', async () => {
    const page = await fetch(`${gateway.url}/api/docs-ui`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script the CSP would block
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const url = new URL(asset[1]!, `${gateway.url}/api/docs-ui`);
      expect(url.origin).toBe(new URL(gateway.url).origin);
      expect((await fetch(url)).status).toBe(200);
    }
    const spec = await (await fetch(`${gateway.url}/api/docs-ui/json`)).json();
    expect(spec.info.title).toBe('Tramita API');
  });

  it('composes the expediente detail, leaving out a failing part with a warning', async () => {
    const response = await fetch(`${gateway.url}/api/files/EXP-1`, { headers });
    expect(response.status).toBe(200);
    const detail = await response.json();
    expect(detail).toMatchObject({ code: 'EXP-1', currentPhase: { code: 'ANALISIS', name: 'Análisis técnico' }, process: null, documents: null });
    expect(detail.createdBy).toEqual({ username: 'agat', displayName: 'Gat Alba, Antonio' });
    expect(detail.warnings.map((warning: { part: string }) => warning.part).sort()).toEqual(['documents', 'process']);
    expect(auth.seen).toContain('GET /api/users/lookup?usernames=agat');
  });

  it('refuses with 502 a files record that breaks the contract, instead of guessing its fields', async () => {
    const response = await fetch(`${gateway.url}/api/files/DRIFT`, { headers });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'upstream-contract-violation', detail: expect.stringMatching(/currentPhase: .*expected object/) });
  });

  it('verifies the token itself for the composed detail and maps a missing expediente to 404', async () => {
    expect((await fetch(`${gateway.url}/api/files/EXP-1`, { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
    const missing = await fetch(`${gateway.url}/api/files/NONE`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'file-not-found' });
  });

  it.each(['a%20b', '%C3%B1', 'A'.repeat(65), '..%2fusers', '%00'])('answers 400, not 502, for the malformed code %s', async (code) => {
    const response = await fetch(`${gateway.url}/api/files/${code}`, { headers });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 400 });
  });

  it('serves a Spanish home page linking to the API documents', async () => {
    const response = await fetch(`${gateway.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Tramita — Gestión de expedientes');
    for (const link of ['/api/docs-ui', '/api/openapi.json', '/auth/.well-known/openid-configuration']) expect(html).toContain(`href="${link}"`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('is ready only when every service is live', async () => {
    const response = await fetch(`${gateway.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'down', checks: { auth: 'up', files: 'up', bpm: 'up', docs: 'down' } });
  });
});

describe('gateway serving a built web UI', () => {
  let dir: string;
  let gateway: RunningService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tramita-web-'));
    const web = join(dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), '<!doctype html><title>SPA</title>');
    await writeFile(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'do not serve');
    const files = await closedUrl();
    ({ running: gateway } = await startGateway({ files }, { GATEWAY_WEB_DIR: web }));
  });

  afterAll(async () => {
    await gateway.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves its files, and index.html for client routes', async () => {
    const home = await fetch(`${gateway.url}/`);
    expect(await home.text()).toContain('<title>SPA</title>');
    const asset = await fetch(`${gateway.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    const route = await fetch(`${gateway.url}/expedientes/EXP-1`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>SPA</title>');
    expect((await fetch(`${gateway.url}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses paths that climb out of its directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const response = await rawGet(gateway.url, path);
      expect(response.body).not.toContain('do not serve');
      expect(response.status).toBe(400);
    }
  });
});
