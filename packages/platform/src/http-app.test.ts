import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@tramita/kernel';
import { requireRole } from './auth.ts';
import { createHttpApp, type HttpApp } from './http-app.ts';
import { createLogger } from './logger.ts';
import { createTestIssuer, testUsers } from './testing.ts';

describe('the HTTP app every service starts from', () => {
  let app: HttpApp | undefined;
  afterEach(async () => app?.close());

  async function build() {
    const issuer = await createTestIssuer();
    app = await createHttpApp({ service: 'test', logger: createLogger({ service: 'test', level: 'silent' }), verifyToken: issuer.verifyToken, readiness: { db: async () => true } });
    app.post('/things', { schema: { body: z.object({ name: z.string().min(2) }) }, preHandler: requireRole('tramitador') }, async (req) => ({ ok: req.body.name }));
    app.get('/conflict', async () => {
      throw new DomainError('already-there', 'conflict', 'It exists.');
    });
    app.get('/boom', async () => {
      throw new Error('secret internal detail');
    });
    return issuer;
  }

  it('answers health without a token', async () => {
    await build();
    expect((await app!.inject({ url: '/health/live' })).json()).toEqual({ status: 'up' });
    expect((await app!.inject({ url: '/health/ready' })).json()).toEqual({ status: 'up', checks: { db: 'up' } });
  });

  it('requires a token with a 401 problem and a WWW-Authenticate header', async () => {
    await build();
    const response = await app!.inject({ method: 'POST', url: '/things', payload: { name: 'ok' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.json()).toMatchObject({ status: 401, code: 'token-missing' });
  });

  it('maps validation, malformed JSON, roles and domain errors to problems', async () => {
    const issuer = await build();
    const worker = await issuer.headers(testUsers.tramitador);
    const reader = await issuer.headers(testUsers.consulta);
    const invalid = await app!.inject({ method: 'POST', url: '/things', headers: worker, payload: { name: 'x' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'invalid-request', errors: [expect.objectContaining({ path: 'body.name' })] });
    const malformed = await app!.inject({ method: 'POST', url: '/things', headers: { ...worker, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'malformed-json' });
    const forbidden = await app!.inject({ method: 'POST', url: '/things', headers: reader, payload: { name: 'ok' } });
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'role-required' });
    const conflict = await app!.inject({ url: '/conflict', headers: worker });
    expect(conflict.json()).toMatchObject({ status: 409, code: 'already-there', detail: 'It exists.' });
    const ok = await app!.inject({ method: 'POST', url: '/things', headers: worker, payload: { name: 'ok' } });
    expect(ok.json()).toEqual({ ok: 'ok' });
  });

  it('never leaks an unexpected error message', async () => {
    const issuer = await build();
    const response = await app!.inject({ url: '/boom', headers: await issuer.headers(testUsers.admin) });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internal detail');
  });

  it('answers unknown routes with a 404 problem', async () => {
    await build();
    const response = await app!.inject({ url: '/nowhere' });
    expect(response.json()).toMatchObject({ status: 404, code: 'route-not-found' });
  });
});

describe('problem details', () => {
  it('never let an extension replace a standard member', async () => {
    const { problem } = await import('./problem.ts');
    const value = problem(409, 'real-code', 'detail', { code: 'spoofed', status: 200, extra: 1 });
    expect(value).toMatchObject({ code: 'real-code', status: 409, extra: 1 });
  });
});
