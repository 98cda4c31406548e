import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A keep-alive HTTP/1.1 client over `node:http` with a fixed number of connections (like
 * autocannon's `-c`), so the load generator costs little and its connection count is explicit.
 */
export class HttpClient {
  readonly baseUrl: URL;
  readonly agent: Agent;
  token: string | undefined;

  constructor(baseUrl: string, options: { connections?: number; token?: string } = {}) {
    this.baseUrl = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 16 });
    this.token = options.token;
  }

  /** Sends a request and buffers the whole response. */
  async request(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(new URL(path, this.baseUrl), { method, agent: this.agent, headers: this.#headers(options.headers, options.body) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end(options.body);
    });
  }

  /** Sends a request and counts the response bytes without keeping them (downloads). */
  async drain(method: string, path: string): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(new URL(path, this.baseUrl), { method, agent: this.agent, headers: this.#headers() }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => void (bytes += chunk.length));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end();
    });
  }

  /** JSON in and out; throws unless the status is `expect`. */
  async json<T = unknown>(method: string, path: string, body?: unknown, expect = 200): Promise<{ body: T; headers: IncomingHttpHeaders }> {
    const response = await this.request(
      method,
      path,
      body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    if (response.status !== expect) {
      throw new Error(`${method} ${path}: expected ${expect}, got ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`);
    }
    return { body: (response.body.length > 0 ? JSON.parse(response.body.toString('utf8')) : undefined) as T, headers: response.headers };
  }

  /** multipart/form-data upload of one field `file`. */
  async upload(path: string, name: string, bytes: Uint8Array, mediaType: string): Promise<HttpResponse> {
    const boundary = `----bench${randomBytes(12).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '_')}"\r\ncontent-type: ${mediaType}\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return this.request('POST', path, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat([head, bytes, tail]) });
  }

  /**
   * Follows a server-sent event stream until `done(data)` is true for an event's data; returns
   * that data. Used for the saga status stream (no polling load on the system under test).
   */
  async untilEvent<T>(path: string, done: (data: T) => boolean, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        new URL(path, this.baseUrl),
        { method: 'GET', agent: this.agent, headers: this.#headers({ accept: 'text/event-stream' }) },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`GET ${path} (events): HTTP ${res.statusCode}`));
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          let settled = false;
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while (!settled && (end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = event
                .split('\n')
                .filter((line) => line.startsWith('data:'))
                .map((line) => line.slice(5).trimStart())
                .join('\n');
              if (!data) continue;
              const parsed = JSON.parse(data) as T;
              if (done(parsed)) {
                settled = true;
                clearTimeout(timer);
                resolve(parsed);
                req.destroy();
              }
            }
          });
          res.once('end', () => {
            if (!settled) reject(new Error(`event stream ${path} ended before the awaited event`));
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no final event on ${path} within ${timeoutMs} ms`)), timeoutMs);
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }

  #headers(extra: Record<string, string> = {}, body?: Buffer | string): Record<string, string> {
    const headers: Record<string, string> = { ...extra };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return headers;
  }
}
