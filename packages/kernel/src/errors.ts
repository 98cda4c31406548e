/** How a failure should be understood by callers; HTTP adapters map it to a status. */
export type ErrorCategory =
  | 'validation'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'illegal-state'
  | 'too-large'
  | 'precondition-required'
  | 'timeout'
  | 'unavailable';

/** A failure the domain or application expects and names with a stable code. */
export class DomainError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown> | undefined;
  /**
   * Set when this answer hides a record from someone outside its organism (ADR 0013): the caller
   * gets exactly what a missing record gets, the audit trail records a refused access (ADR 0014).
   * Never part of the answer.
   */
  refusal: AccessRefusal | undefined;

  constructor(code: string, category: ErrorCategory, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.category = category;
    this.details = details;
    this.refusal = undefined;
  }
}

/** Whose record a refused caller asked for. */
export interface AccessRefusal {
  organism: string;
  fileCode?: string | null;
}

/** Marks `error` (usually the not-found of a missing record) as a refusal to an outsider, for the audit trail. */
export function refusedAccess<E extends DomainError>(error: E, refusal: AccessRefusal): E {
  error.refusal = { organism: refusal.organism, fileCode: refusal.fileCode ?? null };
  return error;
}

export const validationError = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'validation', message, details);
/** Well-formed input the service understood but will not act on (a BPMN file with unsupported elements): 422. */
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'unprocessable', message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'not-found', message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'conflict', message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'forbidden', message, details);
export const illegalState = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, 'illegal-state', message, details);

/** A write that must say which version it saw (expectedVersion or If-Match) and did not (428). */
export const preconditionRequired = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'precondition-required', message, details);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
