import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '@tramita/platform';
import { testUsers, type TestIssuer } from '@tramita/platform/testing';
import { closedUrl, fakeUpstream, json, startGateway, type FakeUpstream } from './fake-upstream.ts';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const download = randomBytes(24 * MiB);
const MULTIPART = 'multipart/form-data; boundary=x';
/** A request body sent in 256 KiB chunks without Content-Length. */
const chunked = (body: Buffer) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < body.length; offset += 256 * 1024) controller.enqueue(body.subarray(offset, offset + 256 * 1024));
      controller.close();
    },
  });

describe('gateway proxy', () => {
  let files: FakeUpstream;
  let docs: FakeUpstream;
  let index: FakeUpstream;
  let auth: FakeUpstream;
  let gateway: RunningService;
  let issuer: TestIssuer;
  let auth_: Record<string, string>;
  let releaseStream: () => void = () => undefined;
  let streamEnded = false;
  let abandonedStreamClosed = false;
  let filesPosts = 0;
  let docsPosts = 0;

  beforeAll(async () => {
    files = await fakeUpstream({
      'POST /api/files': async (request, response) => {
        filesPosts += 1;
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of request) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ size, sha256: hash.digest('hex'), contentType: request.headers['content-type'] }));
      },
      'GET /api/sagas/s-1/events': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.write('event: step\ndata: {"step":"reserve-code"}\n\n');
        releaseStream = () => {
          response.end('event: done\ndata: {}\n\n');
          streamEnded = true;
        };
      },
      'GET /api/sagas/s-2/events': (request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: step\ndata: {}\n\n');
        request.socket.on('close', () => (abandonedStreamClosed = true));
      },
      'GET /api/files/slow/record': async (_request, response) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        json({})(_request, response);
      },
    });
    docs = await fakeUpstream({
      'POST /api/docs': (_request, response) => {
        docsPosts += 1;
        // Refuses before reading the body, as a size limit does (Node drains the rest).
        response.writeHead(413, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ status: 413, code: 'document-too-large' }));
      },
      'GET /verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA': json({ verdict: 'VIGENTE' }),
      'GET /api/docs/d-1/content': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(download.length) });
        for (let offset = 0; offset < download.length; offset += MiB) response.write(download.subarray(offset, offset + MiB));
        response.end();
      },
    });
    index = await fakeUpstream({
      'GET /api/files': (request, response) =>
        json({ url: request.url, headers: request.headers }, 200, { 'x-total-count': '42', connection: 'close' })(request, response),
    });
    auth = await fakeUpstream({ 'POST /auth/interaction/abc/login': json({ ok: true }) });
    ({ running: gateway, issuer } = await startGateway(
      { files: files.url, docs: docs.url, index: index.url, auth: auth.url, bpm: await closedUrl() },
      {
        GATEWAY_UPSTREAM_TIMEOUT_MS: '300',
        GATEWAY_LOGIN_RATE_PER_MINUTE: '2',
        GATEWAY_VERIFICATION_RATE_PER_MINUTE: '2',
        GATEWAY_MAX_BODY_BYTES: String(6 * MiB),
        GATEWAY_MAX_UPLOAD_BYTES: String(30 * MiB),
      },
    ));
    auth_ = await issuer.headers(testUsers.tramitador);
  });

  afterAll(async () => {
    releaseStream();
    await gateway.stop();
    await Promise.all([files, docs, index, auth].map((upstream) => upstream.close()));
  });

  it('streams a 5 MiB request body to the service byte for byte', async () => {
    const body = randomBytes(5 * MiB);
    const stream = chunked(body);
    const response = await fetch(`${gateway.url}/api/files`, {
      method: 'POST',
      headers: { ...auth_, 'content-type': 'application/x-test-binary' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ size: body.length, sha256: sha256(body), contentType: 'application/x-test-binary' });
  });

  it('refuses a body over its limit with 413 from Content-Length, before the service sees it', async () => {
    const before = filesPosts;
    const response = await fetch(`${gateway.url}/api/files`, {
      method: 'POST',
      headers: { ...auth_, 'content-type': 'application/json' },
      body: Buffer.alloc(6 * MiB + 1, 0x20),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 413, code: 'body-too-large', maxBytes: 6 * MiB });
    expect(filesPosts).toBe(before);
  });

  it('refuses a body without Content-Length once it grows over the limit', async () => {
    const body = randomBytes(7 * MiB);
    const stream = chunked(body);
    const response = await fetch(`${gateway.url}/api/files`, {
      method: 'POST',
      headers: { ...auth_, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('lets an upload be larger than a JSON body', async () => {
    const response = await fetch(`${gateway.url}/api/docs`, { method: 'POST', headers: { ...auth_, 'content-type': MULTIPART }, body: randomBytes(8 * MiB) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'document-too-large' }); // the service's own answer: it was forwarded
  });

  it('gives a body on the upload route that is not a form the limit of any other body, before the service sees it', async () => {
    // docs reads such a body only up to the limit every service has, then refuses it and closes
    // the connection: forwarding more would make the gateway's write fail (EPIPE) and answer 502.
    const before = docsPosts;
    for (const contentType of ['application/json', 'text/plain', 'application/octet-stream']) {
      const response = await fetch(`${gateway.url}/api/docs`, {
        method: 'POST',
        headers: { ...auth_, 'content-type': contentType },
        body: Buffer.alloc(6 * MiB + 1, 0x61),
      });
      expect(response.status, contentType).toBe(413);
      expect(await response.json()).toMatchObject({ status: 413, code: 'body-too-large', maxBytes: 6 * MiB });
    }
    expect(docsPosts).toBe(before);
  });

  it('answers a method nobody serves on a known path with 405 and Allow, before reading a body', async () => {
    const { request } = await import('node:http');
    for (const method of ['TRACE', 'QUERY', 'DELETE']) {
      const answer = await new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
        const url = new URL(`${gateway.url}/api/admin/index/reconciliation`);
        const sent = request({ hostname: url.hostname, port: url.port, path: url.pathname, method, headers: auth_ }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, body }));
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(answer.status, method).toBe(405);
      expect(answer.allow).toBe('GET, HEAD');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 405, code: 'method-not-allowed' });
    }
  });

  it('streams a large download back byte for byte', async () => {
    const response = await fetch(`${gateway.url}/api/docs/d-1/content`, { headers: auth_ });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(download.length));
    const received = Buffer.from(await response.arrayBuffer());
    expect(received.length).toBe(download.length);
    expect(sha256(received)).toBe(sha256(download));
  });

  it('relays an early refusal of a large upload', async () => {
    const response = await fetch(`${gateway.url}/api/docs`, {
      method: 'POST',
      headers: { ...auth_, 'content-type': MULTIPART },
      body: randomBytes(20 * MiB),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'document-too-large' });
  });

  it('passes the query string and headers through, adding forwarding headers', async () => {
    const response = await fetch(`${gateway.url}/api/files?q=obra%20menor&page=2&sort=-createdAt`, {
      headers: { ...auth_, 'x-custom': 'kept', 'x-request-id': 'req-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('42');
    expect(response.headers.get('connection')).not.toBe('close');
    const { url, headers } = (await response.json()) as { url: string; headers: Record<string, string> };
    expect(url).toBe('/api/files?q=obra%20menor&page=2&sort=-createdAt');
    expect(headers).toMatchObject({
      'x-custom': 'kept',
      authorization: auth_.authorization,
      'x-request-id': 'req-123',
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': new URL(gateway.url).host,
    });
  });

  it('forwards only the client address it trusts, never what a client claims in X-Forwarded-For (audited by the services)', async () => {
    const response = await fetch(`${gateway.url}/api/files?q=x`, { headers: { ...auth_, 'x-forwarded-for': '203.0.113.66, 198.51.100.1' } });
    const { headers } = (await response.json()) as { headers: Record<string, string> };
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('answers HEAD through the service without a body', async () => {
    const response = await fetch(`${gateway.url}/api/files?q=x`, { method: 'HEAD', headers: auth_ });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('42');
    expect(await response.text()).toBe('');
    expect(index.seen).toContain('HEAD /api/files?q=x');
  });

  it('passes server-sent events through as they happen', async () => {
    const response = await fetch(`${gateway.url}/api/sagas/s-1/events`, { headers: auth_ });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"step":"reserve-code"');
    expect(streamEnded).toBe(false);
    releaseStream();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('event: done');
  });

  it('closes the upstream event stream when the client goes away', async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/api/sagas/s-2/events`, { headers: auth_, signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();
    for (let attempt = 0; attempt < 100 && !abandonedStreamClosed; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abandonedStreamClosed).toBe(true);
  });

  it('refuses API calls without a bearer token before forwarding them', async () => {
    const before = index.seen.length;
    const response = await fetch(`${gateway.url}/api/files?q=x`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, code: 'token-missing' });
    expect(index.seen.length).toBe(before);
    const malformed = await fetch(`${gateway.url}/api/docs/d-1/content`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
  });

  it('answers 502 when the service is down', async () => {
    const response = await fetch(`${gateway.url}/api/procedures`, { headers: auth_ });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502, code: 'upstream-unavailable' });
  });

  it('answers 504 when the service does not answer in time', async () => {
    const response = await fetch(`${gateway.url}/api/files/slow/record`, { headers: auth_ });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'upstream-timeout' });
  });

  it('answers 404 for paths no service owns', async () => {
    const response = await fetch(`${gateway.url}/api/nothing-here`, { headers: auth_ });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'route-not-found' });
  });

  it('limits login posts per client address', async () => {
    const post = () =>
      fetch(`${gateway.url}/auth/interaction/abc/login`, {
        method: 'POST',
        body: 'username=a&password=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const third = await post();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.json()).toMatchObject({ code: 'too-many-login-attempts' });
  });

  it('lets anyone verify a CSV without a token, and limits those lookups per client address', async () => {
    const lookup = () => fetch(`${gateway.url}/verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA`);
    const first = await lookup();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ verdict: 'VIGENTE' });
    expect((await lookup()).status).toBe(200);
    const third = await lookup();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.json()).toMatchObject({ code: 'too-many-verifications' });
  });

  it('sets security headers on every response, HSTS only behind HTTPS', async () => {
    const plain = await fetch(`${gateway.url}/api/files`, { headers: auth_ });
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(plain.headers.get('referrer-policy')).toBe('no-referrer');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const secure = await fetch(`${gateway.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.headers.get('strict-transport-security')).toContain('max-age=');
    expect(secure.headers.get('x-frame-options')).toBe('DENY');
  });

  it('never lets an absolute-form target choose another host', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(gateway.url);
      const request = httpRequest({ host: url.hostname, port: url.port, path: '//example.invalid/api/files', headers: auth_ }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(404);
  });
});
