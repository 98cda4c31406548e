import { PassThrough, type Readable } from 'node:stream';
import { fileTooLarge } from '../../application/blob-store.ts';

/**
 * The multipart file stream as the use case should see it. Busboy quietly truncates a file at
 * the size limit (setting `truncated` and emitting 'limit'); this turns that into a
 * `file-too-large` failure at once, so the store discards the partial blob. Whenever the
 * consumer stops early, the rest of the part is drained (busboy discards it), so the request
 * is still read to its end and the connection stays usable for the 413 answer.
 */
export function guardedUpload(file: Readable & { truncated?: boolean }, maxBytes: number): Readable {
  const out = new PassThrough();
  file.once('limit', () => out.destroy(fileTooLarge(maxBytes)));
  file.on('error', (error) => out.destroy(error));
  out.once('close', () => {
    if (file.readableEnded) return;
    file.unpipe(out);
    file.resume();
  });
  file.pipe(out);
  return out;
}
