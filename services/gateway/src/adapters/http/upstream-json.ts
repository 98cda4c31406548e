import type { Fetched } from '../../application/file-detail-sources.ts';

/** What an answer must look like: a contract schema from packages/contracts. */
export interface ResponseContract<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * GETs JSON from another service on the caller's behalf (their token, our request id) and checks
 * it against the owner's contract. Never throws: an error answer keeps the service's problem code,
 * a body that breaks the contract is `upstream-contract-violation`, no answer says why.
 */
export async function fetchUpstreamJson<T>(
  service: string,
  base: string | undefined,
  path: string,
  contract: ResponseContract<T>,
  options: { token: string; requestId: string; signal: AbortSignal; clientAddress?: string },
): Promise<Fetched<T>> {
  if (!base) return { ok: false, status: null, code: 'upstream-unavailable', detail: `The ${service} service is not configured.` };
  try {
    const response = await fetch(`${base.replace(/\/$/, '')}${path}`, {
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/json',
        'x-request-id': options.requestId,
        // Reads of personal data are audited with the address of the person, not the gateway's.
        ...(options.clientAddress ? { 'x-forwarded-for': options.clientAddress } : {}),
      },
      signal: options.signal,
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = contract.safeParse(body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return {
        ok: false,
        status: response.status,
        code: 'upstream-contract-violation',
        detail: `The ${service} service answered a body its contract does not allow: ${describeIssues(parsed.error.issues)}`,
      };
    }
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

/** "currentPhase: Invalid input…; version: …", the first few, short enough for a problem detail. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const listed = issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
  return listed.join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
}
