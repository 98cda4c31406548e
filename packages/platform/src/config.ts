import { z } from 'zod';

/** Parses configuration once at boot; a bad value stops start-up with every problem named. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, what = 'configuration'): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`Invalid ${what}:\n${lines.join('\n')}`);
}

/** Reads "true"/"false"/"1"/"0" from the environment. */
export const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** A comma-separated list (blank items dropped), each item checked by `item`. */
export const commaSeparated = <S extends z.ZodType<unknown, string>>(item: S) =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
