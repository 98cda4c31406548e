/**
 * Whether a handler failed because the infrastructure under it is unavailable for a while (the
 * database restarting or unreachable, a connection cut) rather than because of the message.
 * Such a message will succeed later: transports keep retrying it instead of counting the attempt
 * towards dead-lettering, which would drop its effect for good (a projection missing a row, a
 * saga reply lost).
 */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isTransientSqlState(code))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (cause !== undefined && isTransientFailure(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => isTransientFailure(inner, depth + 1));
}

/** Node.js socket errors: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (shutting down, crashed,
 * starting up), 53300 (too many connections), and 40001 / 40P01 (serialization failure,
 * deadlock: the transaction may simply run again).
 */
const isTransientSqlState = (code: string) => code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '40001', '40P01'].includes(code);

/** Messages of the PostgreSQL client for a connection that went away (they carry no code). */
const CONNECTION_MESSAGES = [/^Connection terminated/, /is not queryable/, /timeout exceeded when trying to connect/];
