import type { Readable } from 'node:stream';

/** Recognises a format from its leading bytes (magic numbers); undefined when unknown. */
export interface MediaTypeSniffer {
  sniff(content: Readable): Promise<string | undefined>;
}

export const DEFAULT_ALLOWED_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'text/plain',
  'application/xml',
  'text/xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/zip',
] as const;

/**
 * Watches bytes go by and tells whether they are plain text: valid UTF-8 with no NUL.
 * Cheap enough to run over a whole upload while it streams.
 */
export class TextDetector {
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #text = true;
  #finished = false;

  observe(chunk: Uint8Array): void {
    if (!this.#text) return;
    if (chunk.includes(0)) {
      this.#text = false;
      return;
    }
    try {
      this.#decoder.decode(chunk, { stream: true });
    } catch {
      this.#text = false;
    }
  }

  /** Whether everything observed was text (an incomplete final sequence is not). */
  isText(): boolean {
    if (!this.#finished) {
      this.#finished = true;
      if (this.#text) {
        try {
          this.#decoder.decode();
        } catch {
          this.#text = false;
        }
      }
    }
    return this.#text;
  }
}

/** The media type a document gets: a recognised format, else text/plain for text, else octet-stream. */
export function decideMediaType(sniffed: string | undefined, isText: boolean): string {
  if (sniffed) return sniffed;
  return isText ? 'text/plain' : 'application/octet-stream';
}
