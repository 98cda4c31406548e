import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocs, type DocsHarness } from './helpers.ts';

/** Sends raw bytes (nothing more, the connection left open) and resolves with what comes back, or 'silence'. */
function rawRequest(
  url: string,
  head: string,
  body: Buffer,
  options: { waitMs: number; trickle?: boolean },
): Promise<{ status: number; text: string } | 'silence'> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      if (!options.trickle) socket.write(body);
      else socket.write(body.subarray(0, 10)); // a client that sends ten bytes, then nothing
    });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('silence');
    }, options.waitMs);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n\r\n') && /\}\s*$/.test(data)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]), text: data.slice(data.indexOf('\r\n\r\n') + 4) });
      }
    });
    socket.on('error', reject);
  });
}

const BOUNDARY = 'xYzBoundary';
const part = (name: string, fileName: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
const head = (authorization: string, length: number) =>
  `POST /api/docs HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${authorization}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`;

describe('docs uploads that end badly', () => {
  let docs: DocsHarness;
  let authorization: string;
  beforeAll(async () => {
    docs = await startDocs({ DOCS_UPLOAD_IDLE_TIMEOUT_MS: '1500' });
    authorization = (await docs.headers()).authorization!;
  });
  afterAll(async () => docs.stop());

  /** Sends `body` as an upload and expects the problem `status`/`code`, with no blob left behind. */
  async function expectRefused(body: Buffer, status: number, code: string, options: { waitMs?: number; trickle?: boolean } = {}) {
    const answer = await rawRequest(docs.running.url, head(authorization, body.length), body, {
      waitMs: options.waitMs ?? 3_000,
      ...(options.trickle ? { trickle: true } : {}),
    });
    expect(answer).not.toBe('silence');
    if (answer === 'silence') return;
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.text)).toMatchObject({ status, code });
    expect(await docs.blobFiles()).toEqual([]);
  }

  it('answers a body that ends without the closing boundary with 400 at once, keeping nothing', async () => {
    const body = Buffer.from(part('file', 'a.txt', 'hola mundo'));
    await expectRefused(body, 400, 'multipart-truncated');
  });

  it('refuses two file parts instead of keeping only the first', async () => {
    const body = Buffer.from(`${part('file', 'a.txt', 'uno')}${part('file', 'b.txt', 'dos')}--${BOUNDARY}--\r\n`);
    await expectRefused(body, 400, 'one-file-only');
  });

  it('refuses a field other than the file', async () => {
    const field = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="extra"\r\n\r\nvalor\r\n`;
    const body = Buffer.from(`${part('file', 'a.txt', 'uno')}${field}--${BOUNDARY}--\r\n`);
    await expectRefused(body, 400, 'unexpected-field');
  });

  it('gives up on an upload that stops sending, with 408, keeping nothing', async () => {
    const body = Buffer.from(`${part('file', 'a.txt', 'x'.repeat(1000))}--${BOUNDARY}--\r\n`);
    await expectRefused(body, 408, 'upload-timeout', { waitMs: 6_000, trickle: true });
  });

  it('reads the rest of a refused form before answering, so a client still sending (the gateway) gets the answer', async () => {
    // Refused at its first part, with megabytes still to come. Closing the connection at once
    // made the sender's next write fail (EPIPE) before it could read the 400: the gateway's 502.
    const field = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="extra"\r\n\r\nvalor\r\n`;
    const body = Buffer.from(`${field}${part('file', 'a.txt', 'x'.repeat(3 * 1024 * 1024))}--${BOUNDARY}--\r\n`);
    const { hostname, port } = new URL(docs.running.url);
    const outcome = await new Promise<{ status: number; connection: string | undefined; text: string } | { error: string }>((resolve) => {
      const sending = httpRequest({
        hostname,
        port,
        method: 'POST',
        path: '/api/docs',
        headers: { authorization, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length },
      });
      sending.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, text }));
      });
      sending.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      let offset = 0;
      const next = () => {
        if (offset >= body.length) return void sending.end();
        sending.write(body.subarray(offset, offset + 64 * 1024));
        offset += 64 * 1024;
        setImmediate(next);
      };
      next();
    });
    expect(outcome).not.toHaveProperty('error');
    if ('error' in outcome) return;
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.text)).toMatchObject({ code: 'file-missing' });
    expect(outcome.connection).not.toBe('close');
    expect(await docs.blobFiles()).toEqual([]);
  });

  it('still stores a well-formed upload afterwards', async () => {
    const body = Buffer.from(`${part('file', 'a.txt', 'hola')}--${BOUNDARY}--\r\n`);
    const answer = await rawRequest(docs.running.url, head(authorization, body.length), body, { waitMs: 3_000 });
    expect(answer).not.toBe('silence');
    if (answer === 'silence') return;
    expect(answer.status).toBe(201);
    expect(await docs.blobFiles()).toHaveLength(1);
  });
});
