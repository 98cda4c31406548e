import type { AuditEntryListResource, FileAuditTrailResource } from '@tramita/contracts';
import type { Fetched } from './file-detail-sources.ts';
import { withTimeout } from './with-timeout.ts';

/** The services whose audit chains hold entries about expedientes (ADR 0014). */
export const AUDITED_SERVICES = ['files', 'bpm', 'docs'] as const;
export type AuditedService = (typeof AUDITED_SERVICES)[number];

/** Each service's `GET /api/admin/<service>/audit?fileCode=` on the caller's behalf, checked against the contract. */
export interface FileAuditSources {
  entries(service: AuditedService, fileCode: string, token: string, signal: AbortSignal): Promise<Fetched<AuditEntryListResource>>;
}

export type FileAuditOutcome = { ok: true; trail: FileAuditTrailResource } | { ok: false; status: number; code: string; detail: string };

/**
 * An expediente's trail from every service, merged by time (then by service and place in its
 * chain). Each service decides what the caller may read (the organisms they administer); a service
 * that does not answer is named in `sources`, never silently missing. When every service refuses
 * the caller (403), so does the trail.
 */
export async function composeFileAudit(sources: FileAuditSources, fileCode: string, token: string, timeoutMs: number): Promise<FileAuditOutcome> {
  const answers = await Promise.all(
    AUDITED_SERVICES.map(async (service) => ({ service, answer: await withTimeout((signal) => sources.entries(service, fileCode, token, signal), timeoutMs) })),
  );
  const refused = answers.filter(({ answer }) => !answer.ok && answer.status === 403);
  if (refused.length === answers.length) {
    const first = refused[0]!.answer;
    return { ok: false, status: 403, code: first.ok ? 'role-required' : first.code, detail: first.ok ? '' : first.detail };
  }
  const items = answers
    .flatMap(({ answer }) => (answer.ok ? answer.value.items : []))
    .sort((a, b) => a.at.localeCompare(b.at) || a.service.localeCompare(b.service) || a.seq - b.seq);
  return {
    ok: true,
    trail: {
      fileCode,
      items,
      sources: answers.map(({ service, answer }) =>
        answer.ok ? { service, available: true } : { service, available: false, reason: `${answer.code}: ${answer.detail}` },
      ),
    },
  };
}
