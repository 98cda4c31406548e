import { Transform, type Readable } from 'node:stream';
import { fileTooLarge } from '../../application/blob-store.ts';

/**
 * The multipart file stream as the use case should see it. Busboy quietly truncates a file at
 * the size limit (setting `truncated` and emitting 'limit', possibly before the handler even
 * got the part); this turns truncation into a `file-too-large` failure, so the store discards
 * the partial blob. Whenever the consumer stops early, the rest of the part is drained (busboy
 * discards it), so the request is read to its end and the connection stays usable.
 */
export function guardedUpload(file: Readable & { truncated?: boolean }, maxBytes: number): Readable {
  const failure = () => (file.truncated ? fileTooLarge(maxBytes) : null);
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const error = failure();
      if (error) callback(error);
      else callback(null, chunk);
    },
    flush(callback) {
      callback(failure());
    },
  });
  // The consumer may not be reading yet when the error happens; it still sees `out` errored
  // when it does. Without this listener, pipe() would rethrow it as an uncaught exception.
  out.on('error', () => undefined);
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
