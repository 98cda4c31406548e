import { z } from 'zod';
import { codeNameSchema, phaseStepSchema, processSnapshotSchema, versionSchema } from '@tramita/contracts';

export const fileCodeParams = z.object({ code: z.string().min(1).max(100) });

/** A process with its procedure's name and its full phase history. */
export const processBody = processSnapshotSchema.extend({
  procedure: z.object({ code: z.string(), version: z.number().int(), name: z.string() }),
  history: z.array(phaseStepSchema),
});

export const transitionsBody = z.object({
  phase: codeNameSchema,
  version: z.number().int(),
  transitions: z.array(
    z.object({
      to: codeNameSchema,
      /** True when the caller holds `role` and so may take this transition now. */
      allowed: z.boolean(),
      role: z.string(),
    }),
  ),
});

export const transitionRequest = z
  .object({
  /** Code of the phase to move to. */
  to: z.string().min(1).max(50),
  /** The process version the caller saw (alternatively header If-Match: "<version>"; 428 when neither). */
  expectedVersion: versionSchema.optional().describe('The process version the caller saw; refused (409) unless still current. Required unless If-Match is sent (428 when neither).'),
})
  // The version rule as the OpenAPI document states it (If-Match may stand in; the description says so).
  .meta({ required: ['to', 'expectedVersion'] });

const phaseBody = z.object({
  code: z.string(),
  name: z.string(),
  ordering: z.number().int(),
  initial: z.boolean(),
  terminal: z.boolean(),
});
const transitionDefinitionBody = z.object({ from: z.string(), to: z.string(), role: z.string() });

export const procedureBody = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  phases: z.array(phaseBody),
  transitions: z.array(transitionDefinitionBody),
});

export const procedureListBody = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), latestVersion: z.number().int(), versions: z.array(z.number().int()) })),
});

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
  transitions: z.array(z.object({ from: z.string().min(1).max(50), to: z.string().min(1).max(50), role: z.string().min(1).max(50) })).max(1000),
});

