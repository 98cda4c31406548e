import { preconditionRequired, validationError } from '@tramita/kernel';

/**
 * The version a write says it was based on: `expectedVersion` from the body, or the entity tag
 * of `If-Match` (`"3"`, `W/"3"` or `3`). A write that names none (or `If-Match: *`, which names
 * no version) is refused with 428 `version-required`: it would overwrite blindly.
 */
export function requiredVersion(bodyVersion: number | undefined, ifMatch: string | undefined, hint: string): number {
  if (bodyVersion !== undefined) return bodyVersion;
  if (ifMatch !== undefined && ifMatch.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!match?.[1]) throw validationError('invalid-if-match', 'If-Match must carry the version as an entity tag, e.g. "3".');
    return Number(match[1]);
  }
  throw preconditionRequired('version-required', `Say which version you are changing: expectedVersion in the body or an If-Match header (${hint}).`);
}
