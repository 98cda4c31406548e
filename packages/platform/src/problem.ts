import type { FastifyReply } from 'fastify';
import { isDomainError, type ErrorCategory } from '@tramita/kernel';

/** RFC 9457 problem details. `code` is our stable machine-readable name for the problem. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS: Record<ErrorCategory, number> = {
  validation: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'illegal-state': 409,
  'too-large': 413,
  'precondition-required': 428,
  timeout: 408,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  // Extensions first, so a detail named like a standard member can never replace it.
  return {
    ...extra,
    type: `https://tramita.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

export function statusOf(category: ErrorCategory): number {
  return STATUS[category];
}

/**
 * PostgreSQL's character errors (SQLSTATE 22021 character_not_in_repertoire, 22P05
 * untranslatable_character): text the database cannot store. Validation refuses such text first;
 * this is the last line, so that input can never cause a 500.
 */
const TEXT_SQLSTATES = new Set(['22021', '22P05']);

function hasSqlState(error: unknown, ...states: string[]): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && states.includes(error.code);
}

function isDatabaseTextError(error: unknown): boolean {
  return hasSqlState(error, ...TEXT_SQLSTATES);
}

/** Maps any thrown value to a problem; unknown errors never leak their message. */
export function toProblem(error: unknown): Problem {
  if (isDomainError(error)) {
    return problem(statusOf(error.category), error.code, error.message, error.details ?? {});
  }
  if (isDatabaseTextError(error)) {
    return problem(400, 'invalid-text', 'The request carries text that cannot be stored (a NUL character or malformed Unicode).');
  }
  if (hasSqlState(error, '22003')) return problem(400, 'number-out-of-range', 'A number in the request is out of the range it may take.');
  return problem(500, 'internal-error', 'Unexpected error; it has been logged.');
}

export function sendProblem(reply: FastifyReply, value: Problem): FastifyReply {
  return reply.status(value.status).type(PROBLEM_CONTENT_TYPE).send(value);
}

/** 405 with `Allow` (RFC 9110 §15.5.6): the path exists, the method does not. */
export function sendMethodNotAllowed(reply: FastifyReply, method: string, path: string, allowed: readonly string[]): FastifyReply {
  reply.header('allow', allowed.join(', '));
  return sendProblem(reply, problem(405, 'method-not-allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}.`));
}
