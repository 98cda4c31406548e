import { z } from 'zod';
import { dir3CodeSchema, fileCodeParamsSchema, fileCodeSchema, versionSchema } from '@tramita/contracts';
import { MAX_DESCRIPTION_LENGTH, MAX_DOCUMENTS } from '../../domain/expediente.ts';

export const fileCodeParams = fileCodeParamsSchema;
/** `?organism=`: which organism's expediente, when two of the caller's organisms hold the code (ADR 0013). */
export const organismQuery = z.object({ organism: dir3CodeSchema.optional() });

export const createFileBody = z.object({
  code: fileCodeSchema.describe('Unique code of the new expediente.'),
  organism: dir3CodeSchema
    .optional()
    .describe('The organism (DIR3) it belongs to; required only from someone who creates expedientes in more than one organism.'),
  unit: dir3CodeSchema.optional().describe('Its responsible unit (DIR3): one of yours in that organism; left out, your only unit there, if you have one.'),
  initialOption: z.string().min(1).max(64).describe('Code of an initial option (GET /api/initial-options).'),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  documents: z
    .array(z.string().min(1).max(128))
    .min(1)
    .max(MAX_DOCUMENTS)
    .refine((ids) => new Set(ids).size === ids.length, 'A document is listed more than once.')
    .describe('Ids of documents uploaded to docs beforehand.'),
});

export const editFileBody = z
  .object({
    description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
    initialOption: z.string().min(1).max(64).optional(),
    expectedVersion: versionSchema
      .optional()
      .describe(
        'The version the caller saw; the edit is refused (409) unless the expediente is still at it. Required unless If-Match is sent (428 when neither).',
      ),
  })
  .refine((body) => body.description !== undefined || body.initialOption !== undefined, {
    message: 'Give a description or an initial option to change.',
  })
  // The refinement above, and the version rule, as the OpenAPI document states them (If-Match may
  // stand in for expectedVersion; the description says so).
  .meta({ required: ['expectedVersion'], anyOf: [{ required: ['description'] }, { required: ['initialOption'] }] });

export const ifMatchHeaders = z.object({
  'if-match': z.string().max(64).optional().describe('The expediente version as an entity tag ("3"), instead of expectedVersion.'),
});

/** The resources files serves are the contracts their readers use. */
export {
  fileRecordSchema,
  sagaAcceptedSchema as sagaAccepted,
  sagaStatusSchema,
  initialOptionListSchema as initialOptionsList,
  addInitialOptionRequestSchema as addInitialOptionBody,
  initialOptionSchema,
  codeAvailabilitySchema as availabilitySchema,
} from '@tramita/contracts';
