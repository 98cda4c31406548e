import type { z } from 'zod';
import { fileRecordSchema, interesadoListSchema, type FileRecordResource, type InteresadoListResource } from '@tramita/contracts';
import type { FileRecords, FilesAnswer, FilesAsker } from '../../application/ports.ts';

export interface HttpFileRecordsOptions {
  /** files' base URL; undefined when this process was not told where files listens. */
  filesUrl: string | undefined;
  /** How long files may take to answer, body included. */
  timeoutMs: number;
}

/**
 * The files service over HTTP, asked with the caller's own bearer token, so files answers only
 * what the caller may see (another organism's expediente is a 404 there too).
 */
export class HttpFileRecords implements FileRecords {
  readonly #options: HttpFileRecordsOptions;

  constructor(options: HttpFileRecordsOptions) {
    this.#options = options;
  }

  record(fileCode: string, organism: string | undefined, asker: FilesAsker): Promise<FilesAnswer<FileRecordResource>> {
    const query = organism ? `?organism=${encodeURIComponent(organism)}` : '';
    return this.#get(`/api/files/${encodeURIComponent(fileCode)}/record${query}`, fileRecordSchema, asker);
  }

  interesados(fileCode: string, organism: string, asker: FilesAsker): Promise<FilesAnswer<InteresadoListResource>> {
    return this.#get(`/api/files/${encodeURIComponent(fileCode)}/interesados?organism=${encodeURIComponent(organism)}`, interesadoListSchema, asker);
  }

  async #get<T>(path: string, schema: z.ZodType<T>, asker: FilesAsker): Promise<FilesAnswer<T>> {
    const { filesUrl, timeoutMs } = this.#options;
    if (!filesUrl) return { kind: 'unavailable', reason: 'the address of the files service is not configured' };
    let body: unknown;
    try {
      const response = await fetch(`${filesUrl.replace(/\/$/, '')}${path}`, {
        headers: { accept: 'application/json', 'x-request-id': asker.requestId, ...(asker.authorization ? { authorization: asker.authorization } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return { kind: 'not-found' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { kind: 'unavailable', reason: `the files service answered ${response.status}` };
      }
      body = await response.json();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError')
        return { kind: 'unavailable', reason: `the files service did not answer within ${timeoutMs} ms` };
      if (error instanceof SyntaxError) return { kind: 'unavailable', reason: 'the files service answered something that is not JSON' };
      return { kind: 'unavailable', reason: 'the files service could not be reached' };
    }
    const parsed = schema.safeParse(body);
    return parsed.success
      ? { kind: 'found', value: parsed.data }
      : { kind: 'unavailable', reason: 'the files service answered something its contract does not allow' };
  }
}
