import { describe, expect, it } from 'vitest';
import type { MessagingStatusReport } from '@tramita/platform';
import type { FilesReconciliationRow } from '@tramita/contracts';
import { checkConsistency, type ConsistencySources, type MessagingService } from './check-consistency.ts';
import type { Fetched } from './file-detail-sources.ts';

const idle = (service: string, over: Partial<MessagingStatusReport> = {}): MessagingStatusReport => ({
  service,
  outbox: { pending: 0, oldestPendingAt: null },
  sagas: { running: 0, compensating: 0, failed: 0, oldestOpenAt: null },
  deadLetters: { total: 0, recent: [] },
  consumers: { available: true, lag: 0, partitions: [] },
  ...over,
});

const row: FilesReconciliationRow = { code: 'A', status: 'active', version: 1, processId: 'p', processVersion: 1, phase: 'INICIAL' };

function sources(
  options: { messaging?: (service: MessagingService, call: number) => Fetched<MessagingStatusReport>; indexMissing?: boolean } = {},
): ConsistencySources {
  const calls = new Map<MessagingService, number>();
  return {
    async messaging(service) {
      const call = (calls.get(service) ?? 0) + 1;
      calls.set(service, call);
      return options.messaging?.(service, call) ?? { ok: true, value: idle(service) };
    },
    files: async () => ({ items: [row], next: null }),
    bpm: async () => ({ items: [{ code: 'A', processId: 'p', version: 1, phase: 'INICIAL' }], next: null }),
    index: async () => ({
      items: options.indexMissing ? [] : [{ code: 'A', fileVersion: 1, processId: 'p', processVersion: 1, phase: 'INICIAL' }],
      next: null,
    }),
  };
}

const now = () => new Date('2026-11-22T10:00:00Z');

describe('the consistency check', () => {
  it('is consistent when nothing is in flight and every side agrees', async () => {
    const report = await checkConsistency(sources(), { now });
    expect(report.status).toBe('consistent');
    expect(report.inFlight).toEqual({ outboxPending: 0, consumerLag: 0, openSagas: 0 });
    expect(report.checkedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(report.readModel).toMatchObject({ ok: true, differences: { total: 0 } });
  });

  it('is inconsistent when a difference remains with nothing in flight', async () => {
    const report = await checkConsistency(sources({ indexMissing: true }), { now });
    expect(report.status).toBe('inconsistent');
    expect(report.reasons.join(' ')).toMatch(/2 difference\(s\)/);
  });

  it('is settling while work is in flight, even if it only showed after the walk', async () => {
    const report = await checkConsistency(
      sources({
        indexMissing: true,
        messaging: (service, call) => ({
          ok: true,
          value: idle(service, service === 'index' && call === 2 ? { consumers: { available: true, lag: 3, partitions: [] } } : {}),
        }),
      }),
      { now },
    );
    expect(report.status).toBe('settling');
    expect(report.inFlight.consumerLag).toBe(3);
    expect(report.reasons.join(' ')).toMatch(/possibly lag/);
  });

  it('counts a failed saga as inconsistent, and lists dead letters from every service newest first without failing', async () => {
    const dead = (failedAt: string, reason: string) => ({
      consumer: 'c',
      messageId: failedAt,
      topic: 't',
      type: 'T',
      subject: 'A',
      reason,
      attempts: 5,
      failedAt,
    });
    const clean = await checkConsistency(
      sources({
        messaging: (service) => ({
          ok: true,
          value: idle(service, {
            deadLetters:
              service === 'index'
                ? { total: 1, recent: [dead('2026-01-01T00:00:00.000Z', 'old')] }
                : service === 'bpm'
                  ? { total: 1, recent: [dead('2026-02-01T00:00:00.000Z', 'new')] }
                  : { total: 0, recent: [] },
          }),
        }),
      }),
      { now },
    );
    expect(clean.status).toBe('consistent');
    expect(clean.deadLetters.total).toBe(2);
    expect(clean.deadLetters.recent.map((d) => `${d.service}:${d.reason}`)).toEqual(['bpm:new', 'index:old']);

    const failed = await checkConsistency(
      sources({
        messaging: (service) => ({
          ok: true,
          value: idle(service, service === 'files' ? { sagas: { running: 0, compensating: 0, failed: 1, oldestOpenAt: null } } : {}),
        }),
      }),
      { now },
    );
    expect(failed.status).toBe('inconsistent');
    expect(failed.failedSagas).toBe(1);
  });

  it('is unknown when a service or the broker cannot be asked', async () => {
    const down = await checkConsistency(
      sources({
        messaging: (service) =>
          service === 'docs' ? { ok: false, status: null, code: 'upstream-unavailable', detail: 'refused' } : { ok: true, value: idle(service) },
      }),
      { now },
    );
    expect(down.status).toBe('unknown');
    expect(down.services.docs).toEqual({ ok: false, error: 'upstream-unavailable: refused' });

    const broker = await checkConsistency(
      sources({
        messaging: (service) => ({ ok: true, value: idle(service, { consumers: { available: false, reason: 'broker down', lag: 0, partitions: [] } }) }),
      }),
      { now },
    );
    expect(broker.status).toBe('unknown');
    expect(broker.reasons.join(' ')).toMatch(/broker down/);
  });

  it('is unknown when the read model cannot be walked', async () => {
    const broken = { ...sources(), index: async () => Promise.reject(new Error('index answered 503')) };
    const report = await checkConsistency(broken, { now });
    expect(report.status).toBe('unknown');
    expect(report.readModel).toEqual({ ok: false, error: 'index answered 503' });
  });
});
