/** A thin HTTP client for the public API with a bearer token, as a script or the UI would use it. */
export class ApiClient {
  readonly baseUrl: string;
  token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (typeof body === 'string') {
      init.body = body;
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    return fetch(`${this.baseUrl}${path}`, init);
  }

  async json<T = any>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T> {
    const response = await this.request(method, path, body);
    const text = await response.text();
    if (expectStatus !== undefined && response.status !== expectStatus) {
      throw new Error(`${method} ${path}: expected ${expectStatus}, got ${response.status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async upload(name: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    return this.request('POST', '/api/docs', form);
  }
}
