import type { DocumentListResource, FileRecordResource, ProcessResource, UserLookupResource } from '@tramita/contracts';

/** The outcome of one call to another service: its body in the contract's shape, or why there is none. */
export type Fetched<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status the service answered with; null when it could not be reached. */
      status: number | null;
      /** Stable code: the service's problem code, `upstream-unavailable`, `upstream-timeout`, `upstream-contract-violation`… */
      code: string;
      detail: string;
    };

/** Any failed call, whatever it was meant to return. */
export type FetchFailure = Extract<Fetched<unknown>, { ok: false }>;

/**
 * The four reads the composed detail needs, each answering the owner's contract (packages/contracts):
 * a body that does not match it is a failure (`upstream-contract-violation`), never a guess. Each
 * forwards the caller's token and honours `signal` (the use case aborts it on timeout).
 */
export interface FileDetailSources {
  /** files `GET /api/files/{code}/record` */
  record(code: string, token: string, signal: AbortSignal): Promise<Fetched<FileRecordResource>>;
  /** bpm `GET /api/files/{code}/process` */
  process(code: string, token: string, signal: AbortSignal): Promise<Fetched<ProcessResource>>;
  /** docs `GET /api/docs?fileCode={code}` */
  documents(code: string, token: string, signal: AbortSignal): Promise<Fetched<DocumentListResource>>;
  /** auth `GET /api/users/lookup?usernames=a,b` */
  users(usernames: string[], token: string, signal: AbortSignal): Promise<Fetched<UserLookupResource>>;
}
