import { describe, expect, it } from 'vitest';
import { ApiClient, uploadDocument } from './client.ts';
import { ApiError, SessionExpiredError, problemKey } from './problem.ts';

function api(answers: Response[], refreshed: { accessToken: string } | null = { accessToken: 't2' }) {
  const seen: string[] = [];
  let expired = 0;
  const client = new ApiClient(
    { accessToken: async () => 't1', refresh: async () => refreshed },
    async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization')!);
      return answers.shift() ?? new Response(null, { status: 500 });
    },
    () => (expired += 1),
  );
  return { client, seen, expired: () => expired };
}

describe('the API client', () => {
  it('sends the bearer token and parses JSON', async () => {
    const { client, seen } = api([Response.json({ ok: 1 })]);
    await expect(client.get('/api/x')).resolves.toEqual({ ok: 1 });
    expect(seen).toEqual(['Bearer t1']);
  });

  it('sends a raw body with its own media type, and keeps the whole problem document of a refusal', async () => {
    const sent: { type: string | null; body: unknown }[] = [];
    const client = new ApiClient(
      { accessToken: async () => 't1', refresh: async () => null },
      async (_input: RequestInfo | URL, init?: RequestInit) => {
        sent.push({ type: new Headers(init?.headers).get('content-type'), body: init?.body });
        return Response.json({ status: 422, code: 'bpmn-invalid', problems: [{ elementId: 'g1' }] }, { status: 422 });
      },
      () => {},
    );
    const refusal = client.json('POST', '/api/procedures', { raw: { content: '<definitions/>', type: 'application/xml' } });
    await expect(refusal).rejects.toMatchObject({ status: 422, code: 'bpmn-invalid', body: { problems: [{ elementId: 'g1' }] } });
    expect(sent).toEqual([{ type: 'application/xml', body: '<definitions/>' }]);
  });

  it('retries once with a renewed token after a 401', async () => {
    const { client, seen } = api([new Response(null, { status: 401 }), Response.json({ ok: 2 })]);
    await expect(client.get('/api/x')).resolves.toEqual({ ok: 2 });
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('sends a form as it is, letting the browser write its boundary, and sends it again after a renewal', async () => {
    const sent: { authorization: string | null; type: string | null; body: unknown }[] = [];
    const answers = [new Response(null, { status: 401 }), Response.json({ id: 'd1' }, { status: 201 })];
    const client = new ApiClient(
      { accessToken: async () => 't1', refresh: async () => ({ accessToken: 't2' }) },
      async (_input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        sent.push({ authorization: headers.get('authorization'), type: headers.get('content-type'), body: init?.body });
        return answers.shift()!;
      },
      () => {},
    );
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4']), 'a.pdf');
    await expect(client.json('POST', '/api/files/EXP-1/documents', { form })).resolves.toMatchObject({ data: { id: 'd1' } });
    expect(sent).toEqual([
      { authorization: 'Bearer t1', type: null, body: form },
      { authorization: 'Bearer t2', type: null, body: form },
    ]);
  });

  it('declares the session over when it cannot be renewed', async () => {
    const { client, expired } = api([new Response(null, { status: 401 })], null);
    await expect(client.get('/api/x')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(expired()).toBe(1);
  });

  it('turns problem+json into an error with its code, and a dropped connection into "network"', async () => {
    const { client } = api([Response.json({ status: 409, code: 'version-conflict', detail: 'v2' }, { status: 409 }), new Response('<html>', { status: 502 })]);
    await expect(client.get('/api/x')).rejects.toMatchObject({ status: 409, code: 'version-conflict', detail: 'v2' });
    await expect(client.get('/api/x')).rejects.toMatchObject({ status: 502, code: 'http-502' });
    const offline = new ApiClient(
      { accessToken: async () => 't', refresh: async () => null },
      async () => Promise.reject(new TypeError('offline')),
      () => {},
    );
    await expect(offline.get('/api/x')).rejects.toMatchObject({ code: 'network' });
  });

  it('maps every kind of failure to a sentence of the catalogue', () => {
    expect(problemKey(new ApiError(409, 'version-conflict'))).toBe('problems.version-conflict');
    expect(problemKey(new ApiError(403, 'x'))).toBe('problems.forbidden');
    expect(problemKey(new ApiError(404, 'x'))).toBe('problems.notFound');
    expect(problemKey(new ApiError(409, 'x'))).toBe('problems.conflict');
    expect(problemKey(new ApiError(413, 'x'))).toBe('problems.file-too-large');
    expect(problemKey(new ApiError(415, 'x'))).toBe('problems.media-type-not-allowed');
    expect(problemKey(new ApiError(429, 'x'))).toBe('problems.tooMany');
    expect(problemKey(new ApiError(503, 'x'))).toBe('problems.server');
    expect(problemKey(new ApiError(400, 'x'))).toBe('problems.invalid');
    expect(problemKey(new ApiError(401, 'x'))).toBe('problems.session');
    expect(problemKey(new SessionExpiredError())).toBe('problems.session');
    expect(problemKey(new Error('boom'))).toBe('problems.unexpected');
  });
});

class FakeXhr {
  static last: FakeXhr;
  headers: Record<string, string> = {};
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  sent: FormData | undefined;
  constructor() {
    FakeXhr.last = this;
  }
  open() {}
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
}

describe('uploading a document', () => {
  const file = new File(['%PDF'], 'a.pdf', { type: 'application/pdf' });
  const start = (progress: number[] = []) =>
    uploadDocument(
      file,
      'tok',
      (p) => progress.push(p),
      () => new FakeXhr() as unknown as XMLHttpRequest,
    );

  it('reports progress and resolves with the stored document', async () => {
    const progress: number[] = [];
    const handle = start(progress);
    const xhr = FakeXhr.last;
    expect(xhr.headers.authorization).toBe('Bearer tok');
    expect((xhr.sent!.get('file') as File).name).toBe('a.pdf');
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 2, total: 4 });
    Object.assign(xhr, { status: 201, responseText: JSON.stringify({ id: 'd1', name: 'a.pdf' }) });
    xhr.onload!();
    await expect(handle.promise).resolves.toMatchObject({ id: 'd1' });
    expect(progress).toEqual([0.5, 1]);
  });

  it('rejects with the problem of a refused upload, a network failure or an abort', async () => {
    const refused = start();
    Object.assign(FakeXhr.last, { status: 413, responseText: JSON.stringify({ code: 'file-too-large' }) });
    FakeXhr.last.onload!();
    await expect(refused.promise).rejects.toMatchObject({ status: 413, code: 'file-too-large' });
    const garbled = start();
    Object.assign(FakeXhr.last, { status: 502, responseText: '<html>' });
    FakeXhr.last.onload!();
    await expect(garbled.promise).rejects.toMatchObject({ code: 'http-502' });
    const offline = start();
    FakeXhr.last.onerror!();
    await expect(offline.promise).rejects.toMatchObject({ code: 'network' });
    const aborted = start();
    aborted.abort();
    await expect(aborted.promise).rejects.toMatchObject({ code: 'aborted' });
  });
});
