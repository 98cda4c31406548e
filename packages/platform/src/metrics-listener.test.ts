import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, openHttpApp } from './service-startup.ts';
import type { RunningService } from './service-runtime.ts';
import { createTestIssuer, freePort, testServiceContext, testUsers, type TestIssuer } from './testing.ts';

describe('/metrics on a port of its own (METRICS_PORT)', () => {
  let issuer: TestIssuer;
  let service: RunningService;
  let metricsUrl: string;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    const ctx = testServiceContext('index', issuer, { listen: { host: '127.0.0.1', port: 0, metricsPort } });
    service = await startService(ctx, async (resources) => {
      const app = await openHttpApp(resources, ctx, { readiness: {} });
      app.get('/api/ping', async () => ({ pong: true }));
      return { app };
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('serves the same registry as the service port, to a platform operator, after a request there', async () => {
    expect((await fetch(`${service.url}/api/ping`, { headers: await issuer.headers(testUsers.all) })).status).toBe(200);
    const response = await fetch(`${metricsUrl}/metrics`, { headers: await issuer.headers(testUsers.admin) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/tramita_http_requests_total\{[^}]*route="\/api\/ping"[^}]*\} 1/);
    expect((await fetch(`${service.url}/metrics`, { headers: await issuer.headers(testUsers.admin) })).status).toBe(200);
  });

  it('checks the token there too: none is 401, a case worker is 403', async () => {
    expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${metricsUrl}/metrics`, { headers: await issuer.headers(testUsers.tramitador) })).status).toBe(403);
  });

  it('serves nothing else: every other path and method is a 404 problem', async () => {
    for (const [method, path] of [
      ['GET', '/api/ping'],
      ['GET', '/health/ready'],
      ['POST', '/metrics'],
      ['GET', '/metricsx'],
    ] as const) {
      const response = await fetch(`${metricsUrl}${path}`, { method, headers: await issuer.headers(testUsers.admin) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('stops with the service', async () => {
    await service.stop();
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow();
  });
});
