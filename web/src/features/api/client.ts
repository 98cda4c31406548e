import type { DocumentResource } from '@tramita/contracts';
import { ApiError, SessionExpiredError, problemFrom, problemFromBody } from './problem.ts';

/** Where the API client gets tokens from (the OIDC client in the app, a stub in tests). */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  refresh(): Promise<{ accessToken: string } | null>;
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (a BPMN file), with its media type, instead of JSON. */
  raw?: { content: string; type: string };
  /** A multipart form (uploads): the browser writes its boundary, and can send it again after a renewal. */
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the API with the bearer token. A 401 is retried once after a silent renewal; if that
 * fails too the session is over (SessionExpiredError). Failures become ApiError (problem+json).
 */
export class ApiClient {
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;
  readonly #onExpired: () => void;

  constructor(tokens: TokenSource, fetchFn: typeof fetch, onExpired: () => void) {
    this.#tokens = tokens;
    this.#fetch = fetchFn;
    this.#onExpired = onExpired;
  }

  async token(): Promise<string> {
    const token = await this.#tokens.accessToken();
    if (!token) return this.#expired();
    return token;
  }

  /** A raw response (2xx only) for streams and downloads. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let token = await this.token();
    let response = await this.#attempt(method, path, token, options);
    if (response.status === 401) {
      await response.body?.cancel();
      const renewed = await this.#tokens.refresh();
      if (!renewed) return this.#expired();
      token = renewed.accessToken;
      response = await this.#attempt(method, path, token, options);
      if (response.status === 401) return this.#expired();
    }
    if (!response.ok) throw await problemFrom(response);
    return response;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ data: T; response: Response }> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return { data: (text ? JSON.parse(text) : null) as T, response };
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>('GET', path, signal ? { signal } : {}).then((r) => r.data);
  }

  async #attempt(method: string, path: string, token: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}`, ...options.headers };
    let body: string | FormData | undefined;
    if (options.form !== undefined) {
      body = options.form;
    } else if (options.raw !== undefined) {
      headers['content-type'] = options.raw.type;
      body = options.raw.content;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await this.#fetch(path, { method, headers, ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network');
    }
  }

  #expired(): never {
    this.#onExpired();
    throw new SessionExpiredError();
  }
}

/** What the web reads of docs' answer to an upload (the document's resource in the contracts). */
export type UploadedDocument = Pick<DocumentResource, 'id' | 'name' | 'mediaType' | 'size' | 'sha256'>;

export interface UploadHandle {
  promise: Promise<UploadedDocument>;
  abort: () => void;
}

/**
 * Uploads one file to `POST /api/docs` (multipart field `file`) with XMLHttpRequest, the only
 * browser API that reports upload progress.
 */
export function uploadDocument(
  file: File,
  token: string,
  onProgress: (fraction: number) => void,
  createXhr: () => XMLHttpRequest = () => new XMLHttpRequest(),
): UploadHandle {
  const xhr = createXhr();
  const promise = new Promise<UploadedDocument>((resolve, reject) => {
    xhr.open('POST', '/api/docs');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        // a proxy page instead of JSON: the status says enough
      }
      if (xhr.status === 201 || xhr.status === 200) {
        onProgress(1);
        resolve(body as DocumentResource);
      } else {
        reject(problemFromBody(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
