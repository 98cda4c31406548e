import type { Fetched } from '../../application/file-detail-sources.ts';

/**
 * GETs JSON from another service on the caller's behalf (their token, our request id). Never
 * throws: an error answer keeps the service's problem code; no answer says why.
 */
export async function fetchUpstreamJson(
  service: string,
  base: string | undefined,
  path: string,
  options: { token: string; requestId: string; signal: AbortSignal },
): Promise<Fetched> {
  if (!base) return { ok: false, status: null, code: 'upstream-unavailable', detail: `The ${service} service is not configured.` };
  try {
    const response = await fetch(`${base.replace(/\/$/, '')}${path}`, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', 'x-request-id': options.requestId },
      signal: options.signal,
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
      code: options.signal.aborted ? 'upstream-timeout' : 'upstream-unavailable',
      detail: error instanceof Error ? error.message : `The ${service} service could not be reached.`,
    };
  }
}
