import pino from 'pino';
import { redactUrl } from './redact-url.ts';

/**
 * Error properties never written to logs. Database drivers attach the statement's parameter
 * values to their errors (`params`), and those values are whatever the request carried: user
 * data, password hashes, tokens. The statement text and the error code are enough to debug.
 */
const UNLOGGED_ERROR_FIELDS = new Set(['params', 'parameters', 'queryOptions', 'values', 'bindings']);

type Serialized = Record<string, unknown>;

/** pino's error serializer without parameter values, at every level of `cause`. */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return strip(pino.stdSerializers.err(error));
}

function strip(value: Serialized): Serialized {
  const kept: Serialized = {};
  for (const [key, item] of Object.entries(value)) {
    if (UNLOGGED_ERROR_FIELDS.has(key)) continue;
    kept[key] = key === 'cause' && item !== null && typeof item === 'object' ? strip(item as Serialized) : item;
  }
  return kept;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  hostname?: string;
  ip?: string;
  socket?: { remoteAddress?: string; remotePort?: number };
}

/** A request as logs show it: method, URL without credential values, host and peer; never headers. */
export function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    host: request.host ?? request.hostname,
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}
