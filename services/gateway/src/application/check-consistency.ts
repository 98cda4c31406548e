import type { BpmReconciliationRow, FilesReconciliationRow, IndexReconciliationRow, ReconciliationPage } from '@tramita/contracts';
import { SERVICES_WITH_DATABASE, type MessagingStatusReport } from '@tramita/platform';
import type { FetchFailure, Fetched } from './file-detail-sources.ts';
import { reconcileReadModel, type ReconciliationResult } from './reconcile-read-model.ts';

/** Services with messaging tables (the gateway has none). */
export const MESSAGING_SERVICES = SERVICES_WITH_DATABASE;
export type MessagingService = (typeof MESSAGING_SERVICES)[number];

export type DeadLetterEntry = MessagingStatusReport['deadLetters']['recent'][number] & { service: MessagingService };

/**
 * - consistent: nothing in flight, no difference, no failed saga (dead letters are listed: they
 *   are settled, but each needs a decision);
 * - settling: messages or sagas are still in flight, so differences may be lag: check again;
 * - inconsistent: differences or failed sagas with nothing in flight: an operator must act;
 * - unknown: a service or the broker could not be asked.
 */
export type ConsistencyStatus = 'consistent' | 'settling' | 'inconsistent' | 'unknown';

export interface ConsistencyReport {
  status: ConsistencyStatus;
  checkedAt: string;
  /** Plain sentences saying why the status is what it is. */
  reasons: string[];
  inFlight: { outboxPending: number; consumerLag: number; openSagas: number };
  failedSagas: number;
  deadLetters: { total: number; recent: DeadLetterEntry[] };
  /** Per service: its messaging state, or why it could not be read. */
  services: Record<MessagingService, { ok: true; messaging: MessagingStatusReport } | { ok: false; error: string }>;
  readModel: ({ ok: true } & ReconciliationResult) | { ok: false; error: string };
}

export interface ConsistencySources {
  messaging(service: MessagingService): Promise<Fetched<MessagingStatusReport>>;
  files(after: string | null): Promise<ReconciliationPage<FilesReconciliationRow>>;
  bpm(after: string | null): Promise<ReconciliationPage<BpmReconciliationRow>>;
  index(after: string | null): Promise<ReconciliationPage<IndexReconciliationRow>>;
}

type Snapshot = Record<MessagingService, Fetched<MessagingStatusReport>>;

async function snapshot(sources: ConsistencySources): Promise<Snapshot> {
  const entries = await Promise.all(MESSAGING_SERVICES.map(async (service) => [service, await sources.messaging(service)] as const));
  return Object.fromEntries(entries) as Snapshot;
}

const inFlightOf = (status: MessagingStatusReport) => ({
  outboxPending: status.outbox.pending,
  consumerLag: status.consumers.lag,
  openSagas: status.sagas.running + status.sagas.compensating,
});

/**
 * The operator's consistency check: every service's messaging state (read before and after, so
 * work that started during the walk is not missed), then files, bpm and the read model walked
 * together in code order. Pure over its sources; the gateway reads them over HTTP.
 */
export async function checkConsistency(
  sources: ConsistencySources,
  options: { sampleSize?: number; now?: () => Date; recentDeadLetters?: number } = {},
): Promise<ConsistencyReport> {
  const now = options.now ?? (() => new Date());
  const before = await snapshot(sources);
  const readModel: ConsistencyReport['readModel'] = await reconcileReadModel(sources, { sampleSize: options.sampleSize }).then(
    (result) => ({ ok: true as const, ...result }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
  );
  const after = await snapshot(sources);

  const reasons: string[] = [];
  const inFlight = { outboxPending: 0, consumerLag: 0, openSagas: 0 };
  let failedSagas = 0;
  let unknown = false;
  const deadLetters: DeadLetterEntry[] = [];
  let deadTotal = 0;
  const services = {} as ConsistencyReport['services'];
  for (const service of MESSAGING_SERVICES) {
    const first = before[service];
    const last = after[service];
    if (!first.ok || !last.ok) {
      const failed = !last.ok ? last : (first as FetchFailure);
      services[service] = { ok: false, error: `${failed.code}: ${failed.detail}` };
      reasons.push(`The ${service} service could not be asked (${failed.code}).`);
      unknown = true;
      continue;
    }
    services[service] = { ok: true, messaging: last.value };
    if (!last.value.consumers.available || !first.value.consumers.available) {
      reasons.push(
        `The ${service} service could not read its consumer backlog from the broker: ${last.value.consumers.reason ?? first.value.consumers.reason ?? 'unknown reason'}.`,
      );
      unknown = true;
    }
    for (const status of [first.value, last.value]) {
      const flight = inFlightOf(status);
      inFlight.outboxPending = Math.max(inFlight.outboxPending, flight.outboxPending);
      inFlight.consumerLag = Math.max(inFlight.consumerLag, flight.consumerLag);
      inFlight.openSagas = Math.max(inFlight.openSagas, flight.openSagas);
    }
    failedSagas += last.value.sagas.failed;
    deadTotal += last.value.deadLetters.total;
    deadLetters.push(...last.value.deadLetters.recent.map((entry) => ({ ...entry, service })));
  }
  deadLetters.sort((a, b) => b.failedAt.localeCompare(a.failedAt));

  if (!readModel.ok) {
    reasons.push(`The read model could not be compared: ${readModel.error}`);
    unknown = true;
  }
  const differences = readModel.ok ? readModel.differences.total : 0;
  const busy = inFlight.outboxPending + inFlight.consumerLag + inFlight.openSagas > 0;
  if (inFlight.outboxPending > 0) reasons.push(`${inFlight.outboxPending} committed message(s) not yet published.`);
  if (inFlight.consumerLag > 0) reasons.push(`${inFlight.consumerLag} message(s) not yet consumed.`);
  if (inFlight.openSagas > 0) reasons.push(`${inFlight.openSagas} saga(s) still running or compensating.`);
  if (failedSagas > 0) reasons.push(`${failedSagas} saga(s) failed (a compensation itself failed): an operator must resolve them.`);
  if (differences > 0)
    reasons.push(`${differences} difference(s) between the write side and the read model${busy ? ' (possibly lag: messages are in flight)' : ''}.`);
  if (deadTotal > 0) reasons.push(`${deadTotal} dead-lettered message(s), each with its reason: decide whether to fix and replay them.`);

  const status: ConsistencyStatus = unknown ? 'unknown' : busy ? 'settling' : differences > 0 || failedSagas > 0 ? 'inconsistent' : 'consistent';
  if (status === 'consistent' && deadTotal === 0) reasons.push('Nothing in flight; the read model matches files and bpm.');
  return {
    status,
    checkedAt: now().toISOString(),
    reasons,
    inFlight,
    failedSagas,
    deadLetters: { total: deadTotal, recent: deadLetters.slice(0, options.recentDeadLetters ?? 50) },
    services,
    readModel,
  };
}
