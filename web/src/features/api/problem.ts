/** An RFC 9457 problem (or a network failure) as the UI handles it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly fieldErrors: { path: string; message: string }[];
  /** The whole problem document, for a feature that reads its own members (a refused BPMN file's `problems`). */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, detail?: string, fieldErrors: { path: string; message: string }[] = [], body: Record<string, unknown> = {}) {
    super(detail ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.body = body;
  }
}

/** The session is over and could not be renewed: the user must log in again. */
export class SessionExpiredError extends Error {
  constructor() {
    super('session-expired');
    this.name = 'SessionExpiredError';
  }
}

/** Builds an ApiError from a failed response, reading problem+json when there is one. */
export async function problemFrom(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const text = await response.text();
    if (text) body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the status alone says what happened
  }
  return problemFromBody(response.status, body);
}

export function problemFromBody(status: number, body: Record<string, unknown>): ApiError {
  const code = typeof body.code === 'string' ? body.code : `http-${status}`;
  const detail = typeof body.detail === 'string' ? body.detail : undefined;
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is { path: string; message: string } => typeof e === 'object' && e !== null && 'path' in e && 'message' in e)
    : [];
  return new ApiError(status, code, detail, errors, body);
}

/** Problem codes with their own sentence in the catalogue (`problems.<code>`). */
const KNOWN = new Set([
  'network',
  'file-code-taken',
  'version-conflict',
  'version-required',
  'invalid-text',
  'file-finished',
  'process-finished',
  'file-creating',
  'file-not-found',
  'document-not-found',
  'document-content-missing',
  'transition-not-allowed',
  'transition-role-required',
  'role-required',
  'file-too-large',
  'body-too-large',
  'file-empty',
  'media-type-not-allowed',
  'unsupported-media-type',
  'multipart-required',
  'unknown-initial-option',
  'invalid-file-code',
  'description-too-long',
  'documents-required',
  'too-many-documents',
  'duplicate-document',
  'upstream-unavailable',
  'upstream-timeout',
  'internal-error',
  'too-many-login-attempts',
  'invalid-request',
  'nothing-to-change',
  'unknown-phase',
]);

/** The catalogue key for an error: its own sentence when known, else one per kind of status. */
export function problemKey(error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN.has(error.code)) return `problems.${error.code}`;
    if (error.status === 401) return 'problems.session';
    if (error.status === 403) return 'problems.forbidden';
    if (error.status === 404) return 'problems.notFound';
    if (error.status === 409) return 'problems.conflict';
    if (error.status === 413) return 'problems.file-too-large';
    if (error.status === 415) return 'problems.media-type-not-allowed';
    if (error.status === 429) return 'problems.tooMany';
    if (error.status >= 500) return 'problems.server';
    if (error.status >= 400) return 'problems.invalid';
  }
  if (error instanceof SessionExpiredError) return 'problems.session';
  return 'problems.unexpected';
}
