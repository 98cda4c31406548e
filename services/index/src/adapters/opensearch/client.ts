/** A failed request to OpenSearch: what was asked, the status and OpenSearch's own error type and reason. */
export class OpenSearchError extends Error {
  readonly status: number | null;
  readonly type: string | null;

  constructor(message: string, status: number | null, type: string | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpenSearchError';
    this.status = status;
    this.type = type;
  }
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  body?: unknown;
  /** A `_bulk` body: one JSON value a line (newline-delimited JSON). */
  lines?: unknown[];
  query?: Record<string, QueryValue>;
  /** Statuses besides 2xx answered to the caller instead of thrown (404 not found, 409 version conflict). */
  accept?: readonly number[];
}

export interface OpenSearchResponse<T> {
  status: number;
  body: T;
}

/** The error OpenSearch answers with (`{ error: { type, reason }, status }`). */
interface ErrorBody {
  error?: { type?: string; reason?: string; root_cause?: { type?: string; reason?: string }[] } | string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * OpenSearch's REST API over Node's fetch, JSON in and out. The URL may carry credentials
 * (`https://user:secret@host:9200`): they go in an Authorization header and never appear in
 * errors, which name the server by {@link origin} only.
 */
export class OpenSearchClient {
  /** The server's address without credentials, for errors and logs. */
  readonly origin: string;
  readonly #base: string;
  readonly #authorization: string | null;
  readonly #timeoutMs: number;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('The OpenSearch URL is not a valid URL.');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('The OpenSearch URL must start with http: or https:.');
    this.#authorization =
      parsed.username || parsed.password
        ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
        : null;
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    this.#base = parsed.toString().replace(/\/+$/, '');
    this.origin = this.#base;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Sends one request; a status outside 2xx and `accept` is thrown as an {@link OpenSearchError}. */
  async request<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD', path: string, options: RequestOptions = {}): Promise<OpenSearchResponse<T>> {
    const url = `${this.#base}${path}${queryString(options.query)}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#authorization) headers.authorization = this.#authorization;
    let body: string | undefined;
    if (options.lines) {
      headers['content-type'] = 'application/x-ndjson';
      body = options.lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body ?? null, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new OpenSearchError(`OpenSearch at ${this.origin} did not answer ${method} ${path}: ${cause}`, null, null, { cause: error });
    }
    const text = await response.text();
    const parsed = text === '' ? null : parseJson(text);
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body: parsed as T };
    const { type, reason } = errorOf(parsed as ErrorBody | null);
    throw new OpenSearchError(
      `OpenSearch ${method} ${path} answered ${response.status}${type ? ` ${type}` : ''}${reason ? `: ${reason}` : ''}`,
      response.status,
      type,
    );
  }
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: { type: 'unparseable_response', reason: text.slice(0, 200) } };
  }
}

function errorOf(body: ErrorBody | null): { type: string | null; reason: string | null } {
  const error = body?.error;
  if (!error) return { type: null, reason: null };
  if (typeof error === 'string') return { type: null, reason: error };
  const root = error.root_cause?.[0];
  return { type: error.type ?? root?.type ?? null, reason: error.reason ?? root?.reason ?? null };
}

/** A document id as a path segment. */
export const docPath = (index: string, id: string): string => `/${index}/_doc/${encodeURIComponent(id)}`;
