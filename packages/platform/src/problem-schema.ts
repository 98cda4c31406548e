import { z } from 'zod';

/** RFC 9457 problem details as every service answers them (extensions allowed). */
export const problemSchema = z.looseObject({
  type: z.string().describe('URI naming the problem type.'),
  title: z.string().describe('Short summary of the status.'),
  status: z.number().int().describe('HTTP status code.'),
  detail: z.string().optional().describe('What went wrong, in words.'),
  instance: z.string().optional().describe('The path the problem happened at.'),
  code: z.string().describe('Stable machine-readable name of the problem.'),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per invalid field.'),
});

export type ProblemBody = z.infer<typeof problemSchema>;
