import { documentListSchema, fileRecordSchema, processResourceSchema, userLookupSchema } from '@tramita/contracts';
import type { FileDetailSources } from '../../application/file-detail-sources.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { fetchUpstreamJson, type ResponseContract } from './upstream-json.ts';

/** The composed detail's reads over HTTP, on the caller's behalf (their token, our request id), checked against each owner's contract. */
export class HttpFileDetailSources implements FileDetailSources {
  private readonly upstreams: Partial<Record<UpstreamName, string>>;
  private readonly requestId: string;
  private readonly clientAddress: string | undefined;
  /** `?organism=` as the caller gave it: which organism's expediente, when two of theirs hold the code (ADR 0013). */
  private readonly organism: string | undefined;

  constructor(upstreams: Partial<Record<UpstreamName, string>>, requestId: string, clientAddress?: string, organism?: string) {
    this.upstreams = upstreams;
    this.requestId = requestId;
    this.clientAddress = clientAddress;
    this.organism = organism;
  }

  record(code: string, token: string, signal: AbortSignal) {
    return this.get('files', `/api/files/${encodeURIComponent(code)}/record${this.#query('?')}`, fileRecordSchema, token, signal);
  }
  process(code: string, token: string, signal: AbortSignal) {
    return this.get('bpm', `/api/files/${encodeURIComponent(code)}/process${this.#query('?')}`, processResourceSchema, token, signal);
  }
  documents(code: string, token: string, signal: AbortSignal) {
    return this.get('docs', `/api/docs?fileCode=${encodeURIComponent(code)}${this.#query('&')}`, documentListSchema, token, signal);
  }

  #query(separator: '?' | '&'): string {
    return this.organism ? `${separator}organism=${encodeURIComponent(this.organism)}` : '';
  }
  users(usernames: string[], token: string, signal: AbortSignal) {
    return this.get('auth', `/api/users/lookup?usernames=${usernames.map(encodeURIComponent).join(',')}`, userLookupSchema, token, signal);
  }

  private get<T>(service: UpstreamName, path: string, contract: ResponseContract<T>, token: string, signal: AbortSignal) {
    return fetchUpstreamJson(service, this.upstreams[service], path, contract, {
      token,
      requestId: this.requestId,
      signal,
      ...(this.clientAddress ? { clientAddress: this.clientAddress } : {}),
    });
  }
}
