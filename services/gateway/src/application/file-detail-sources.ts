/** The outcome of one call to another service: its JSON body, or why there is none. */
export type Fetched<T = unknown> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status the service answered with; null when it could not be reached. */
      status: number | null;
      /** Stable code: the service's problem code, `upstream-unavailable`, `upstream-timeout`… */
      code: string;
      detail: string;
    };

/**
 * The four reads the composed detail needs. Each forwards the caller's token; each honours
 * `signal` (the use case aborts it on timeout). Bodies are returned as parsed JSON, unchecked:
 * the use case reads them defensively because they belong to other services.
 */
export interface FileDetailSources {
  /** files `GET /api/files/{code}/record` */
  record(code: string, token: string, signal: AbortSignal): Promise<Fetched>;
  /** bpm `GET /api/files/{code}/process` */
  process(code: string, token: string, signal: AbortSignal): Promise<Fetched>;
  /** docs `GET /api/docs?fileCode={code}` */
  documents(code: string, token: string, signal: AbortSignal): Promise<Fetched>;
  /** auth `GET /api/users/lookup?usernames=a,b` */
  users(usernames: string[], token: string, signal: AbortSignal): Promise<Fetched>;
}
