import { z } from 'zod';
import { dir3CodeSchema, versionSchema } from '@tramita/contracts';

export const fileCodeParams = z.object({ code: z.string().min(1).max(100) });
/** `?organism=`: which organism's expediente, when two of the caller's organisms hold the code (ADR 0013). */
export const organismQuery = z.object({ organism: dir3CodeSchema.optional() });

/** The resources bpm serves are the contracts its readers use. */
export {
  processResourceSchema as processBody,
  transitionsResourceSchema as transitionsBody,
  procedureResourceSchema as procedureBody,
  procedureListSchema as procedureListBody,
} from '@tramita/contracts';

export const transitionRequest = z
  .object({
    /** Code of the phase to move to. */
    to: z.string().min(1).max(50),
    /** The process version the caller saw (alternatively header If-Match: "<version>"; 428 when neither). */
    expectedVersion: versionSchema
      .optional()
      .describe('The process version the caller saw; refused (409) unless still current. Required unless If-Match is sent (428 when neither).'),
  })
  // The version rule as the OpenAPI document states it (If-Match may stand in; the description says so).
  .meta({ required: ['to', 'expectedVersion'] });

export const publishProcedureRequest = z.object({
  code: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  phases: z
    .array(
      z.object({
        code: z.string().min(1).max(50),
        name: z.string().min(1).max(200),
        /** Defaults to the position in the list. */
        ordering: z.number().int().optional(),
        initial: z.boolean().default(false),
        terminal: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(100),
  transitions: z
    .array(
      z.object({
        from: z.string().min(1).max(50),
        to: z.string().min(1).max(50),
        role: z.string().min(1).max(50),
        unit: dir3CodeSchema.nullable().optional().describe('Only members of this unit (DIR3) of the organism may take it'),
      }),
    )
    .max(1000),
  organism: dir3CodeSchema
    .optional()
    .describe('The organism (DIR3) whose catalogue holds the procedure (its admin publishes); omitted: shared by every organism (platform-admin).'),
});
