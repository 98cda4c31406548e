import type { Fetched, FileDetailSources } from '../../application/file-detail-sources.ts';
import type { UpstreamName } from '../../application/routing-table.ts';
import { fetchUpstreamJson } from './upstream-json.ts';

/** The composed detail's reads over HTTP, on the caller's behalf (their token, our request id). */
export class HttpFileDetailSources implements FileDetailSources {
  private readonly upstreams: Partial<Record<UpstreamName, string>>;
  private readonly requestId: string;

  constructor(upstreams: Partial<Record<UpstreamName, string>>, requestId: string) {
    this.upstreams = upstreams;
    this.requestId = requestId;
  }

  record(code: string, token: string, signal: AbortSignal) {
    return this.get('files', `/api/files/${encodeURIComponent(code)}/record`, token, signal);
  }
  process(code: string, token: string, signal: AbortSignal) {
    return this.get('bpm', `/api/files/${encodeURIComponent(code)}/process`, token, signal);
  }
  documents(code: string, token: string, signal: AbortSignal) {
    return this.get('docs', `/api/docs?fileCode=${encodeURIComponent(code)}`, token, signal);
  }
  users(usernames: string[], token: string, signal: AbortSignal) {
    return this.get('auth', `/api/users/lookup?usernames=${usernames.map(encodeURIComponent).join(',')}`, token, signal);
  }

  private get(service: UpstreamName, path: string, token: string, signal: AbortSignal): Promise<Fetched> {
    return fetchUpstreamJson(service, this.upstreams[service], path, { token, requestId: this.requestId, signal });
  }
}
