/**
 * DIR3 codes: the unique codes of the Directorio Común de Unidades Orgánicas y Oficinas, the
 * inventory of the administrations' bodies and offices that the Esquema Nacional de
 * Interoperabilidad requires (Real Decreto 4/2010, art. 9). Tramita names organisms and units by them.
 *
 * This is a check of the format only: a code that passes it may still name nothing. Whether it
 * exists, and what it names, only the DIR3 directory itself can say.
 */

/** A DIR3 code: 9 upper-case letters or digits, the first a letter (the kind of administration). */
export const DIR3_CODE_PATTERN = /^[A-Z][A-Z0-9]{8}$/;

/** Whether a code has the format of a DIR3 code (not whether the directory holds it). */
export function isDir3Code(code: string): boolean {
  return DIR3_CODE_PATTERN.test(code);
}
