const PREFIX = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*$/;

/**
 * The key prefix an installation's blobs live under in a shared bucket: empty, or path segments
 * of safe characters each ending in "/" (a missing final "/" is added: `pre` → `pre/`).
 * Returns null when the prefix is not acceptable (leading "/", "..", spaces, other characters).
 */
export function normalizeKeyPrefix(prefix: string): string | null {
  if (prefix === '') return '';
  const withSlash = prefix.endsWith('/') ? prefix : `${prefix}/`;
  // Every segment starts with a letter or digit, so "." and ".." never match.
  return PREFIX.test(withSlash) && withSlash.length <= 200 ? withSlash : null;
}
