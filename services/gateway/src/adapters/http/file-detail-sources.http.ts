import type { Fetched, FileDetailSources } from '../../application/file-detail-sources.ts';
import type { UpstreamName } from '../../application/routing-table.ts';

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

  private async get(service: UpstreamName, path: string, token: string, signal: AbortSignal): Promise<Fetched> {
    const base = this.upstreams[service];
    if (!base) return { ok: false, status: null, code: 'upstream-unavailable', detail: `The ${service} service is not configured.` };
    try {
      const response = await fetch(`${base.replace(/\/$/, '')}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'x-request-id': this.requestId },
        signal,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) return { ok: true, value: body };
      const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      return {
        ok: false,
        status: response.status,
        code: typeof problem.code === 'string' ? problem.code : `upstream-status-${response.status}`,
        detail: typeof problem.detail === 'string' ? problem.detail : response.statusText,
      };
    } catch (error) {
      return {
        ok: false,
        status: null,
        code: signal.aborted ? 'upstream-timeout' : 'upstream-unavailable',
        detail: error instanceof Error ? error.message : `The ${service} service could not be reached.`,
      };
    }
  }
}
