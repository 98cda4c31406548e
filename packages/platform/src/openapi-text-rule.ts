import type { jsonSchemaTransform } from 'fastify-type-provider-zod';

type Transform = typeof jsonSchemaTransform;
type Json = Record<string, unknown>;

/** What every string of a request must match (ECMA-262 and Python regex alike): no U+0000. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/**
 * States in the document the rule every request string obeys (see safe-text.ts): strings of
 * request parameters and bodies without a pattern, format or fixed values get `NO_NUL_PATTERN`,
 * so a client generating "valid" input from the document does not send NULs.
 */
export function withTextRule(transform: Transform): Transform {
  return (input) => {
    const output = transform(input);
    const schema = output.schema as Json | undefined;
    if (!schema) return output;
    for (const part of ['body', 'querystring', 'params', 'headers']) {
      if (schema[part] !== undefined) schema[part] = addTextRule(schema[part]);
    }
    return output;
  };
}

function addTextRule(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(addTextRule);
  if (value === null || typeof value !== 'object') return value;
  const node: Json = Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key, key === 'pattern' ? item : addTextRule(item)]));
  const isString = node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'));
  if (isString && node.pattern === undefined && node.format === undefined && node.enum === undefined && node.const === undefined) {
    node.pattern = NO_NUL_PATTERN;
  }
  return node;
}
