import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { adminRequest, gatewayUrlOf, UsageError, waitSecondsOf } from './admin-client.ts';

describe('the operator commands’ shared options', () => {
  it('takes the gateway from --url, else PUBLIC_URL, else localhost, without a trailing slash', () => {
    expect(gatewayUrlOf('https://tramita.example/', {})).toBe('https://tramita.example');
    expect(gatewayUrlOf(undefined, { PUBLIC_URL: 'http://gw:8080/' })).toBe('http://gw:8080');
    expect(gatewayUrlOf(undefined, {})).toBe('http://localhost:8080');
    expect(() => gatewayUrlOf('ftp://x', {})).toThrow(new UsageError('--url must be an http(s) URL, not "ftp://x".'));
  });

  it('reads --wait as seconds, 0 or more', () => {
    expect(waitSecondsOf(undefined, 60)).toBe(60);
    expect(waitSecondsOf('2.5', 0)).toBe(2.5);
    expect(() => waitSecondsOf('-1', 0)).toThrow(UsageError);
    expect(() => waitSecondsOf('soon', 0)).toThrow(/--wait must be a number of seconds/);
  });
});

describe('adminRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token and the JSON body, and returns the answer its contract allows', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ received: 2, changed: 1 }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const answer = await adminRequest('http://gw', 'tok', 'POST', '/api/x', z.object({ received: z.number(), changed: z.number() }), {
      body: { files: [] },
      what: 'an apply result',
    });
    expect(answer).toEqual({ received: 2, changed: 1 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://gw/api/x');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(init.body).toBe('{"files":[]}');
  });

  it('names the status, the route and the problem’s detail, never the query', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ title: 'Forbidden', detail: 'needs admin' }), { status: 403 }));
    await expect(adminRequest('http://gw', 'tok', 'GET', '/api/admin/files/snapshots?after=A%2FB', z.object({}), { what: 'a page' })).rejects.toThrow(
      'the gateway answered HTTP 403 to GET /api/admin/files/snapshots: needs admin',
    );
  });

  it('refuses an answer its contract does not allow, naming the fields', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ received: 'two' }), { status: 200 }));
    await expect(
      adminRequest('http://gw', 'tok', 'GET', '/api/x', z.object({ received: z.number(), changed: z.number() }), { what: 'an apply result' }),
    ).rejects.toThrow('the gateway answered an apply result its contract does not allow: received, changed');
  });
});
