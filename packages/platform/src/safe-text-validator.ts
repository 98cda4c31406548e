import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from './safe-text.ts';

/** Marks an item as a schema validation issue that the error handler turns into a 400 problem. */
const VALIDATION_ISSUE = Symbol.for('ZodFastifySchemaValidationError');

/**
 * The zod validator, preceded by a check that no string in the input (path parameters, query,
 * headers, body; keys included) carries U+0000 or an unpaired surrogate. Runs after the route's
 * role check (preValidation), so a caller without the role learns nothing about the input rules.
 */
export const safeTextValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  return (data: unknown) => {
    const unsafe = findUnsafeText(data);
    if (unsafe) {
      const path = unsafe.path.join('/');
      const issue: FastifySchemaValidationError & { [VALIDATION_ISSUE]: true } = {
        [VALIDATION_ISSUE]: true,
        keyword: 'unsafe-text',
        instancePath: path ? `/${path}` : '',
        schemaPath: '#/unsafe-text',
        message: UNSAFE_TEXT_MESSAGE[unsafe.reason],
        params: { reason: unsafe.reason },
      };
      return { error: [issue] };
    }
    return validate(data);
  };
};
