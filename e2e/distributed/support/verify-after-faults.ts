import { expect } from 'vitest';
import type { ApiClient } from '../../support/api-client.ts';
import { describeReport, settledConsistency } from '../../support/consistency.ts';
import { eventually } from '../../support/net.ts';
import { loginWithPkce } from '../../support/oidc-login.ts';
import { E2E_PASSWORD } from '../../support/tramita-stack.ts';
import type { InDoubtCreate, TrackedFile, WorkloadResult } from './fault-workload.ts';

/**
 * The check every fault test ends with, once the stream stopped and the fault was repaired,
 * scoped to the stream's own codes (its prefix). Pass criteria:
 *  1. every create the API accepted (202) ends in a saga that is `completed` or `compensated`
 *     (never `running` or `failed`); a create whose answer was lost settles too: its expediente
 *     exists (active) or its code is free again; a refused create (4xx) left its code free;
 *  2. every accepted effect is there exactly once: a completed saga (or a create in doubt that
 *     happened) left one expediente whose bpm process history is INICIAL followed by exactly the
 *     transitions the API accepted (200), in order — plus at most the one transition whose answer
 *     was lost (it may or may not have happened, but never twice) — and whose one document is
 *     attached to it once; a compensated saga (or a create that did not happen) left no
 *     expediente and no document attached to its code;
 *  3. the read model matches the write side: the list (every read model given, paged through
 *     with `q=<prefix>`) holds exactly the existing expedientes, once each, each at the phase bpm
 *     reports, and files' own record of each carries that phase too;
 *  4. the operator's consistency check says `consistent` for the whole system: nothing left in
 *     flight or unprocessed except dead letters with their reason, no failed saga, and files, bpm
 *     and the read model agree on every expediente (versions and phase).
 */

export interface ReadModel {
  name: string;
  /** A client whose GET /api/files answers the list (the gateway, or an index replica's own port). */
  api: ApiClient;
}

export interface VerifyOptions {
  /** Lists to compare with the write side (default: the gateway's). */
  readModels?: ReadModel[];
  /** Longest wait for sagas to end and the read model to catch up (default 90 s). */
  settleTimeoutMs?: number;
}

export interface VerificationSummary {
  creates: number;
  completed: number;
  compensated: number;
  transitions: number;
  inDoubtTransitions: number;
  inDoubtCreates: number;
  /** Creates in doubt that turned out to have happened. */
  inDoubtCreated: number;
  refusedCreates: number;
  /** Messages set aside by consumers across the system (each with its reason), per the consistency check. */
  deadLetters: number;
}

interface ProcessView {
  phase: { code: string };
  history: { phase: { code: string } }[];
}
type Listed = { items: { code: string; phase: { code: string } | null }[]; total: number };
type FileRecord = { status: string; currentPhase: { code: string } | null; documentIds: string[] };

const PAGE_SIZE = 100;

export async function verifyAfterFaults(api: ApiClient, result: WorkloadResult, options: VerifyOptions = {}): Promise<VerificationSummary> {
  const settle = options.settleTimeoutMs ?? 90_000;
  const readModels = options.readModels ?? [{ name: 'gateway', api }];

  // 1. Every saga ends completed or compensated; creates in doubt settle one way or the other.
  for (const t of result.tracked) {
    const saga = await eventually(
      `saga of ${t.code} to end`,
      async () => {
        const status = await api.json<{ status: string; reason?: string }>('GET', t.saga, undefined, 200);
        return status.status === 'running' ? undefined : status;
      },
      settle,
      250,
    );
    t.sagaStatus = saga.status;
    expect(['completed', 'compensated'], `saga of ${t.code} (${saga.reason ?? 'no reason'})`).toContain(saga.status);
  }
  const inDoubtCreated: InDoubtCreate[] = [];
  for (const c of result.inDoubtCreates) {
    const outcome = await eventually(`the create of ${c.code}, in doubt, to settle`, () => settledCreate(api, c.code), settle, 250);
    if (outcome === 'exists') inDoubtCreated.push(c);
  }
  for (const c of result.refusedCreates) expect(await settledCreate(api, c.code), `refused create ${c.code} left its code free`).toBe('free');

  // 2. Exactly the accepted effects, once each; nothing of what did not happen.
  const existing: TrackedFile[] = [
    ...result.tracked.filter((t) => t.sagaStatus === 'completed'),
    ...inDoubtCreated.map((c) => ({ ...c, saga: '', accepted: [], inDoubt: undefined })),
  ];
  const gone = [
    ...result.tracked.filter((t) => t.sagaStatus !== 'completed'),
    ...result.inDoubtCreates.filter((c) => !inDoubtCreated.includes(c)),
    ...result.refusedCreates,
  ];
  const phaseOf = new Map<string, string>();
  for (const t of existing) {
    const process = await api.json<ProcessView>('GET', `/api/files/${t.code}/process`, undefined, 200);
    const expected = ['INICIAL', ...t.accepted];
    const allowed = t.inDoubt ? [expected, [...expected, t.inDoubt]] : [expected];
    expect(allowed, `history of ${t.code}`).toContainEqual(process.history.map((h) => h.phase.code));
    phaseOf.set(t.code, process.phase.code);
    expect(await attachedDocuments(api, t.code), `documents attached to ${t.code}`).toEqual([t.documentId]);
  }
  for (const c of gone) {
    expect((await api.request('GET', `/api/files/${c.code}`)).status, `${c.code} left no expediente`).toBe(404);
    expect(await attachedDocuments(api, c.code), `${c.code} left no document attached`).toEqual([]);
  }

  // 3. Every read model lists exactly the existing expedientes, once each, at bpm's phase; so does files' record.
  const writeSide = sorted([...phaseOf]);
  for (const model of readModels) {
    const listed = await eventually(
      `the read model (${model.name}) to match the write side`,
      async () => {
        const rows = await listByPrefix(model.api, result.prefix);
        return JSON.stringify(rows) === JSON.stringify(writeSide) ? rows : undefined;
      },
      settle,
      500,
    ).catch(() => listByPrefix(model.api, result.prefix));
    expect(listed, `read model (${model.name}): code → phase, against bpm`).toEqual(writeSide);
  }
  const recorded = await eventually(
    "files' records to carry bpm's phase",
    async () => {
      const phases = await recordedPhases(api, [...phaseOf.keys()]);
      return JSON.stringify(phases) === JSON.stringify(writeSide) ? phases : undefined;
    },
    settle,
    500,
  ).catch(() => recordedPhases(api, [...phaseOf.keys()]));
  expect(recorded, "files' record (code → phase), against bpm").toEqual(writeSide);

  // 4. The operator's consistency check (GET /api/admin/consistency, what `tramita check` runs)
  //    over the whole system: nothing in flight (outboxes published, consumer groups caught up on
  //    Kafka, no saga open), no failed saga, the read model equal to files and bpm for every
  //    expediente, and nothing left unprocessed except dead letters, each with its reason.
  const operator = await loginWithPkce({ baseUrl: api.baseUrl, username: 'admin', password: E2E_PASSWORD, redirectUri: `${api.baseUrl}/callback` });
  const report = await settledConsistency(api.baseUrl, operator.accessToken, settle);
  expect(report.status, `consistency check: ${describeReport(report)}`).toBe('consistent');
  expect(report.inFlight).toEqual({ outboxPending: 0, consumerLag: 0, openSagas: 0 });
  expect(report.failedSagas).toBe(0);
  for (const dead of report.deadLetters.recent) expect(dead.reason.trim(), `dead letter ${dead.messageId} of ${dead.service} has a reason`).not.toBe('');

  return {
    creates: result.tracked.length,
    completed: result.tracked.filter((t) => t.sagaStatus === 'completed').length,
    compensated: result.tracked.filter((t) => t.sagaStatus === 'compensated').length,
    transitions: result.tracked.reduce((n, t) => n + t.accepted.length, 0),
    inDoubtTransitions: result.tracked.filter((t) => t.inDoubt !== undefined).length,
    inDoubtCreates: result.inDoubtCreates.length,
    inDoubtCreated: inDoubtCreated.length,
    refusedCreates: result.refusedCreates.length,
    deadLetters: report.deadLetters.total,
  };
}

/** 'exists' once the expediente is active, 'free' once the code is available again, undefined while its saga runs. */
async function settledCreate(api: ApiClient, code: string): Promise<'exists' | 'free' | undefined> {
  const record = await api.request('GET', `/api/files/${code}/record`);
  if (record.status === 200) {
    const body = (await record.json()) as FileRecord;
    return body.status === 'creating' ? undefined : 'exists';
  }
  await record.arrayBuffer();
  const availability = await api.json<{ available: boolean }>('GET', `/api/files/${code}/availability`, undefined, 200);
  return availability.available ? 'free' : undefined;
}

async function attachedDocuments(api: ApiClient, code: string): Promise<string[]> {
  const listed = await api.json<{ items: { id: string }[] }>('GET', `/api/docs?fileCode=${encodeURIComponent(code)}`, undefined, 200);
  return listed.items.map((item) => item.id);
}

const sorted = (entries: [string, string | null][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Every listed row whose code carries the prefix, paged through sorted by code; a code listed twice stays twice. */
async function listByPrefix(api: ApiClient, prefix: string): Promise<[string, string | null][]> {
  const rows: [string, string | null][] = [];
  for (let page = 1; ; page++) {
    const listed = await api.json<Listed>('GET', `/api/files?q=${encodeURIComponent(prefix)}&sort=code&size=${PAGE_SIZE}&page=${page}`, undefined, 200);
    for (const item of listed.items) if (item.code.startsWith(`${prefix}-`)) rows.push([item.code, item.phase?.code ?? null]);
    if (page * PAGE_SIZE >= listed.total || listed.items.length === 0) break;
  }
  return sorted(rows);
}

async function recordedPhases(api: ApiClient, codes: string[]): Promise<[string, string | null][]> {
  const rows: [string, string | null][] = [];
  for (const code of codes) {
    const record = await api.json<FileRecord>('GET', `/api/files/${code}/record`, undefined, 200);
    rows.push([code, record.currentPhase?.code ?? null]);
  }
  return sorted(rows);
}
