import { Writable } from 'node:stream';
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
    app = await createHttpApp({
      service: 'test',
      logger: createLogger({ service: 'test', level: 'silent' }),
      verifyToken: issuer.verifyToken,
      readiness: { db: async () => true },
    });
    app.post(
      '/things',
      {
        schema: {
          tags: ['things'],
          body: z.object({ name: z.string().min(2), tags: z.array(z.string()).optional() }),
          response: { 200: z.object({ ok: z.string() }) },
        },
        preValidation: requireRole('tramitador'),
      },
      async (req) => ({ ok: req.body.name }),
    );
    app.get(
      '/things/:id',
      { schema: { tags: ['things'], params: z.object({ id: z.string() }), querystring: z.object({ q: z.string().optional() }) } },
      async (req) => ({ id: req.params.id }),
    );
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

  it('checks the role before the input, so a caller without it learns nothing of the rules', async () => {
    const issuer = await build();
    const response = await app!.inject({ method: 'POST', url: '/things', headers: await issuer.headers(testUsers.consulta), payload: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'role-required' });
    expect(response.json()).not.toHaveProperty('errors');
  });

  it('refuses NUL and unpaired surrogates in body, query and path with 400, naming the field', async () => {
    const issuer = await build();
    const worker = await issuer.headers(testUsers.tramitador);
    const nulBody = await app!.inject({ method: 'POST', url: '/things', headers: worker, payload: { name: 'a\u0000b' } });
    expect(nulBody.statusCode).toBe(400);
    expect(nulBody.headers['content-type']).toContain('application/problem+json');
    expect(nulBody.json()).toMatchObject({ code: 'invalid-request', errors: [{ path: 'body.name', message: expect.stringContaining('U+0000') }] });
    const surrogate = await app!.inject({
      method: 'POST',
      url: '/things',
      headers: { ...worker, 'content-type': 'application/json' },
      payload: '{"name":"ok","tags":["a\\ud800b"]}',
    });
    expect(surrogate.json()).toMatchObject({ status: 400, errors: [{ path: 'body.tags.0', message: expect.stringContaining('unpaired surrogate') }] });
    const query = await app!.inject({ url: '/things/x?q=%00', headers: worker });
    expect(query.json()).toMatchObject({ status: 400, errors: [{ path: 'querystring.q' }] });
    const param = await app!.inject({ url: '/things/a%00b', headers: worker });
    expect(param.json()).toMatchObject({ status: 400, errors: [{ path: 'params.id' }] });
    expect((await app!.inject({ url: '/things/ñandú?q=%C3%B1', headers: worker })).json()).toEqual({ id: 'ñandú' });
  });

  it('refuses a JSON body that is not valid UTF-8', async () => {
    const issuer = await build();
    const worker = await issuer.headers(testUsers.tramitador);
    const payload = Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await app!.inject({ method: 'POST', url: '/things', headers: { ...worker, 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'malformed-json', detail: expect.stringContaining('UTF-8') });
    const good = await app!.inject({
      method: 'POST',
      url: '/things',
      headers: { ...worker, 'content-type': 'application/json' },
      payload: Buffer.from('{"name":"Núñez"}'),
    });
    expect(good.json()).toEqual({ ok: 'Núñez' });
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const issuer = await build();
    const response = await app!.inject({ method: 'DELETE', url: '/things', headers: await issuer.headers(testUsers.admin) });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
  });

  it('answers framework-level errors with problems: an over-long path parameter, an undecodable URL', async () => {
    const issuer = await build();
    const worker = await issuer.headers(testUsers.tramitador);
    const long = await app!.inject({ url: `/things/${'A'.repeat(500)}`, headers: worker });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ status: 414, code: 'uri-too-long' });
    const bad = await app!.inject({ url: '/things/%E0%A4%A', headers: worker });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ status: 400, code: 'bad-url' });
  });

  it("answers the HTTP parser's own errors with problems", async () => {
    await build();
    const url = await app!.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(url);
    const { connect } = await import('node:net');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toContain('application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'headers-too-large' });
  });

  it('documents every error answer of a route as problem+json in the OpenAPI document', async () => {
    const issuer = await build();
    const worker = await issuer.headers(testUsers.tramitador);
    await app!.ready();
    const document = JSON.parse(JSON.stringify(app!.swagger())) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const post = document.paths['/things']!.post!.responses;
    expect(Object.keys(post).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '431', '500', '503']);
    expect(post['403']!.content).toHaveProperty(['application/problem+json']);
    expect(Object.keys(document.paths['/things/{id}']!.get!.responses).sort()).toEqual(['200', '400', '401', '403', '404', '414', '431', '500', '503']);
    // every request string says it takes no NUL; a pattern of its own is left alone
    const body = (
      document.paths['/things']!.post as unknown as {
        requestBody: { content: { 'application/json': { schema: { properties: Record<string, { pattern?: string; items?: { pattern?: string } }> } } } };
      }
    ).requestBody.content['application/json'].schema;
    expect(body.properties.name!.pattern).toBe('^[^\\u0000]*$');
    expect(body.properties.tags!.items!.pattern).toBe('^[^\\u0000]*$');
    // a documented problem still goes out whole, extensions included
    const invalid = await app!.inject({ method: 'POST', url: '/things', headers: worker, payload: { name: 'x' } });
    expect(invalid.json()).toMatchObject({ status: 400, code: 'invalid-request', errors: [expect.objectContaining({ path: 'body.name' })] });
  });

  it('logs a failed request without the parameter values its database error carries', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const issuer = await createTestIssuer();
    app = await createHttpApp({ service: 'test', logger: createLogger({ service: 'test', level: 'info', destination }), verifyToken: issuer.verifyToken });
    app.get('/db', async () => {
      throw Object.assign(new Error('duplicate key'), { code: '23505', params: ['$argon2id$v=19$secret-hash'] });
    });
    const response = await app.inject({ url: '/db', headers: await issuer.headers(testUsers.admin) });
    expect(response.statusCode).toBe(500);
    const failed = lines.map((line) => JSON.parse(line) as { msg: string; err?: { code?: string } }).find((line) => line.msg === 'request failed');
    expect(failed?.err?.code).toBe('23505');
    expect(lines.join('')).not.toContain('argon2id');
  });

  it('never logs the value of a credential carried in the query string', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const issuer = await createTestIssuer();
    app = await createHttpApp({ service: 'test', logger: createLogger({ service: 'test', level: 'info', destination }), verifyToken: issuer.verifyToken });
    const token = await issuer.token(testUsers.admin);
    await app.inject({ url: `/health/live?access_token=${token}&id_token_hint=${token}` });
    const logged = lines.join('');
    expect(logged).toContain('access_token=[redacted]');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.split('.')[1]!);
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
