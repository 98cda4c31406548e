import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@tramita/platform/testing';
import { docPath, OpenSearchClient, OpenSearchError } from './client.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

describe('the OpenSearch client', () => {
  let server: Server;
  let port: number;
  const seen: Seen[] = [];
  /** What the fake server answers next: status and body. */
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({
          method: request.method!,
          url: request.url!,
          authorization: request.headers.authorization,
          contentType: request.headers['content-type'],
          body,
        });
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends JSON with the credentials of the URL as a basic Authorization header, not in the URL', async () => {
    answer = { status: 200, body: { ok: true } };
    const client = new OpenSearchClient(`http://tramita:s%3Acret@127.0.0.1:${port}/base/`);
    expect(client.origin).toBe(`http://127.0.0.1:${port}/base`);
    const response = await client.request<{ ok: boolean }>('POST', '/idx/_search', { body: { size: 1 }, query: { refresh: 'true', skipped: undefined } });
    expect(response).toEqual({ status: 200, body: { ok: true } });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/base/idx/_search?refresh=true',
      authorization: `Basic ${Buffer.from('tramita:s:cret').toString('base64')}`,
      contentType: 'application/json',
      body: '{"size":1}',
    });
  });

  it('sends bulk lines as newline-delimited JSON and no Authorization without credentials', async () => {
    const client = new OpenSearchClient(`http://127.0.0.1:${port}`);
    await client.request('POST', '/_bulk', { lines: [{ index: { _id: 'a' } }, { x: 1 }] });
    expect(seen.at(-1)).toMatchObject({ authorization: undefined, contentType: 'application/x-ndjson', body: '{"index":{"_id":"a"}}\n{"x":1}\n' });
  });

  it("answers the statuses the caller accepts, and throws the others with OpenSearch's error type and reason, never the secret", async () => {
    const client = new OpenSearchClient(`http://tramita:secret@127.0.0.1:${port}`);
    answer = { status: 404, body: { found: false } };
    expect(await client.request('GET', docPath('idx', 'E0/EXP 1'), { accept: [404] })).toEqual({ status: 404, body: { found: false } });
    expect(seen.at(-1)?.url).toBe('/idx/_doc/E0%2FEXP%201');
    answer = { status: 400, body: { error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [createdAt]' }, status: 400 } };
    const error = await client.request('PUT', '/idx/_doc/1', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenSearchError);
    expect(error).toMatchObject({ status: 400, type: 'mapper_parsing_exception' });
    expect((error as Error).message).toBe('OpenSearch PUT /idx/_doc/1 answered 400 mapper_parsing_exception: failed to parse field [createdAt]');
    expect((error as Error).message).not.toContain('secret');
  });

  it('says which server did not answer, without its credentials', async () => {
    const closed = await freePort();
    const client = new OpenSearchClient(`http://tramita:secret@127.0.0.1:${closed}`, { timeoutMs: 2_000 });
    const error = await client.request('GET', '/_cluster/health').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenSearchError);
    expect((error as Error).message).toMatch(new RegExp(`^OpenSearch at http://127\\.0\\.0\\.1:${closed} did not answer GET /_cluster/health: `));
    expect((error as Error).message).not.toContain('secret');
  });

  it('refuses a URL that is not http or https, without echoing it', () => {
    expect(() => new OpenSearchClient('ftp://user:secret@search')).toThrow('The OpenSearch URL must start with http: or https:.');
    expect(() => new OpenSearchClient('not a url secret')).toThrow('The OpenSearch URL is not a valid URL.');
  });
});
