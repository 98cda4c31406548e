import pino from 'pino';

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
