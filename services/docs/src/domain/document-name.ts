/** Longest document name kept, in characters (file systems and Content-Disposition stay sane). */
export const MAX_DOCUMENT_NAME_LENGTH = 255;

/** Name given when nothing usable is left of what the client sent. */
export const FALLBACK_DOCUMENT_NAME = 'documento';

// C0 and C1 control characters, DEL, and Unicode line/paragraph separators and bidi overrides,
// which can make a name render differently from what it is ("gpj.exe" tricks).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a document keeps: the client's file name without any directory part (Windows or
 * POSIX), without control characters, trimmed, NFC-normalised, at most 255 characters (the
 * extension is kept when cutting). The original system named every document "file"; this keeps
 * the real name, accents included.
 */
export function sanitizeDocumentName(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC').replace(UNSAFE, '');
  const lastSeparator = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  if (lastSeparator >= 0) name = name.slice(lastSeparator + 1);
  name = name.trim();
  if (name === '' || name === '.' || name === '..') return FALLBACK_DOCUMENT_NAME;
  return truncateKeepingExtension(name, MAX_DOCUMENT_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // code points, so a surrogate pair is never split
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join('');
  const stem = Array.from(name.slice(0, dot));
  return (
    stem
      .slice(0, max - extension.length)
      .join('')
      .trimEnd() + extension.join('')
  );
}
