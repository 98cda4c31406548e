import pino, { type Logger } from 'pino';
import { serializeError, serializeRequest } from './log-serializers.ts';

export type { Logger } from 'pino';

/** Field names never written to logs, at the top level or one level down. */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'passwordHash',
  'password_hash',
  'hash',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'client_secret',
  'clientSecret',
  'code_verifier',
  'authorization',
  'cookie',
];

/** Paths never written to logs, whatever object carries them. */
export const REDACTED_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
  // Headers wherever a library logs them, e.g. the multipart parser's options at trace level.
  ...['headers', '*.headers', '*.*.headers'].flatMap((headers) => [`${headers}.authorization`, `${headers}.cookie`, `${headers}["set-cookie"]`]),
];

/** Structured JSON logs, one line per event, secrets redacted. */
export function createLogger(options: { service: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, req: serializeRequest },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
