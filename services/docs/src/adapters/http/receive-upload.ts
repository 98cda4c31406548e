import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDomainError } from '@tramita/kernel';
import { problem, sendProblem } from '@tramita/platform';
import { UploadGuard } from './upload-guard.ts';
import { guardedUpload } from './upload-stream.ts';

/** Room for the form around the file (boundaries, part headers), as the gateway allows for it. */
const FORM_ALLOWANCE_BYTES = 1024 * 1024;

/** The file of a form, streamed, and a check that nothing follows it. */
export interface ReceivedFile {
  filename: string | undefined;
  content: Readable;
  /** Resolves once the form is known to end after the file; a second file or a field is refused. */
  confirm: () => Promise<void>;
}

export interface ReceiveUploadOptions {
  maxBytes: number;
  idleTimeoutMs: number;
  /** Text fields that may come before the file (their values, at most 64 KiB each). */
  fields?: readonly string[];
}

/**
 * Reads a multipart/form-data upload: the named text fields first, then one `file`, streamed to
 * `handle`. Anything else (an unknown field, a second file, a field after the file) is refused,
 * not ignored; a refused form is read to its end when it can be, so a sender still writing gets
 * the answer, and the connection is closed when it cannot.
 */
export async function receiveUpload<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ReceiveUploadOptions,
  handle: (file: ReceivedFile, fields: Record<string, string>) => Promise<T>,
): Promise<T | FastifyReply> {
  // Fastify's body limit applies only to bodies it buffers (JSON, text); the multipart parser
  // streams and is capped by `fileSize` instead. A buffered body is never valid here, yet it
  // keeps the limit every service has (the gateway's for such bodies): refusing it before
  // reading it would close the connection under the gateway's feet, which then answers 502.
  if (!request.isMultipart()) {
    return sendProblem(reply, problem(415, 'multipart-required', 'Send the document as multipart/form-data with a "file" field.'));
  }
  const allowed = new Set(options.fields ?? []);
  const guard = new UploadGuard(request.raw, options.idleTimeoutMs);
  const parts = request.parts();
  const nextPart = () =>
    guard.race(parts.next()).catch((error: unknown) => {
      throw multipartError(error);
    });
  try {
    const fields: Record<string, string> = {};
    let part;
    for (;;) {
      const next = await nextPart();
      part = next.done ? undefined : next.value;
      // A form whose route takes no fields, starting with one, lacks its file (as it always answered).
      if (part?.type !== 'field' || allowed.size === 0) break;
      if (!allowed.has(part.fieldname) || part.fieldname in fields) throw unexpectedPart('field', part.fieldname, allowed);
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
    }
    if (part?.type !== 'file' || part.fieldname !== 'file') {
      if (part?.type === 'file') part.file.resume();
      throw new DomainError('file-missing', 'validation', 'The request has no "file" field with a file in it.');
    }
    const content = guardedUpload(part.file, options.maxBytes);
    guard.watch(part.file, content);
    return await handle(
      {
        filename: part.filename,
        content,
        // Nothing may follow the file: a second file or any field is refused, not ignored.
        confirm: async () => {
          const extra = await nextPart();
          if (!extra.done) throw unexpectedPart(extra.value.type === 'file' ? 'file' : 'field', extra.value.fieldname, new Set());
        },
      },
      fields,
    );
  } catch (error) {
    // Read the rest of a refused form (as much as an upload may be) so a sender still writing
    // gets this answer; when it cannot be read to its end, the connection is not reused.
    if (!(await guard.discardRest(options.maxBytes + FORM_ALLOWANCE_BYTES))) reply.header('connection', 'close');
    if (isDomainError(error) && error.code === 'media-type-not-allowed') {
      return sendProblem(reply, problem(415, error.code, error.message, error.details ?? {}));
    }
    throw error;
  } finally {
    guard.dispose();
  }
}

function unexpectedPart(kind: 'file' | 'field', name: string, allowed: ReadonlySet<string>): DomainError {
  if (kind === 'file') return new DomainError('one-file-only', 'validation', 'Send one document per request: the form carries more than one file.');
  const expected = allowed.size > 0 ? `the fields ${[...allowed].map((f) => `"${f}"`).join(', ')} (once each, before the file) and ` : '';
  return new DomainError('unexpected-field', 'validation', `The form may carry only ${expected}the "file" field, not "${name}".`, { field: name });
}

/** Malformed multipart (no boundary, cut short) is the client's fault; limits keep their status. */
function multipartError(error: unknown): unknown {
  if (isDomainError(error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') return unexpectedPart('file', 'file', new Set());
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new DomainError('unexpected-field', 'validation', 'The form may carry only the "file" field.');
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return new DomainError('multipart-malformed', 'validation', 'The multipart/form-data body could not be read.');
}
