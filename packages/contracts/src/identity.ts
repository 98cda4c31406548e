import { DIR3_CODE_PATTERN, normaliseIdentityDocument, parseIdentityDocument } from '@tramita/kernel';
import { z } from 'zod';

/**
 * A NIF, NIE or CIF as a person types it, read as its normalised form (`12.345.678-z` → `12345678Z`);
 * a wrong one fails with the kernel's reason. The normalising is an overwrite, not a transform, so
 * the schema still has a JSON Schema (a string) for the API description.
 */
export const identityDocumentSchema = z
  .string()
  .overwrite(normaliseIdentityDocument)
  .superRefine((value, ctx) => {
    const check = parseIdentityDocument(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
  })
  .describe('A Spanish NIF, NIE or CIF; spaces, hyphens and dots are dropped and letters upper-cased.');
/** A NIF, NIE or CIF in its normalised form. */
export type IdentityDocument = z.infer<typeof identityDocumentSchema>;

/** The code of an organism, unit or office in the DIR3 directory (format only: it may still name nothing). */
export const dir3CodeSchema = z.string().regex(DIR3_CODE_PATTERN, 'A DIR3 code is 9 letters or digits, starting with a letter.');
/** A DIR3 code. */
export type Dir3Code = z.infer<typeof dir3CodeSchema>;
