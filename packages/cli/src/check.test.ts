import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SERVICES_WITH_DATABASE } from '@tramita/platform';
import { exitCodeOf, formatReport, runCheck, type ConsistencyReportLike } from './check.ts';

const report = (over: Partial<ConsistencyReportLike> = {}): ConsistencyReportLike => ({
  status: 'consistent',
  checkedAt: '2026-11-22T10:00:00.000Z',
  reasons: ['Nothing in flight; the read model matches files and bpm.'],
  inFlight: { outboxPending: 0, consumerLag: 0, openSagas: 0 },
  failedSagas: 0,
  deadLetters: { total: 0, recent: [] },
  services: Object.fromEntries(
    SERVICES_WITH_DATABASE.map((service) => [service, { ok: false, error: 'not asked in this test' }]),
  ) as ConsistencyReportLike['services'],
  readModel: {
    ok: true,
    counts: { files: { creating: 0, active: 2, finished: 1 }, processes: 3, readModel: 3 },
    differences: { total: 0, byKind: {}, sample: [] },
  },
  ...over,
});

function capture() {
  const lines: string[] = [];
  return { lines, out: { log: (t: string) => lines.push(t), error: (t: string) => lines.push(t) } };
}

describe('tramita check', () => {
  it('prints the status, the counts, each difference and each dead letter with its reason', () => {
    const text = formatReport(
      report({
        status: 'inconsistent',
        reasons: ['1 difference(s) between the write side and the read model.'],
        deadLetters: {
          total: 2,
          recent: [
            {
              service: 'index',
              consumer: 'index',
              messageId: 'm-1',
              topic: 'files.events',
              type: 'FileCreated',
              subject: 'X-1',
              reason: 'does not match its contract',
              attempts: 5,
              failedAt: '2026-11-22T09:00:00.000Z',
            },
          ],
        },
        readModel: {
          ok: true,
          counts: { files: { creating: 1, active: 2, finished: 1 }, processes: 3, readModel: 3 },
          differences: {
            total: 3,
            byKind: { 'read-model-missing': 3 },
            sample: [{ code: 'X-2', kind: 'read-model-missing', detail: 'files has version 1; the read model has no file view' }],
          },
        },
      }),
    );
    expect(text).toContain('Tramita consistency: INCONSISTENT (checked 2026-11-22T10:00:00.000Z)');
    expect(text).toContain('Compared: 3 expediente(s) (1 finished, 1 being created), 3 process(es), 3 read-model row(s)');
    expect(text).toContain('Differences: 3 (read-model-missing 3)');
    expect(text).toContain('  X-2: read-model-missing - files has version 1; the read model has no file view');
    expect(text).toContain('… 2 more');
    expect(text).toContain('Dead letters: 2 (latest 1)');
    expect(text).toContain('index/index files.events FileCreated X-1: does not match its contract');
  });

  it('says why the read model was not compared', () => {
    expect(formatReport(report({ status: 'unknown', readModel: { ok: false, error: 'index answered 503' } }))).toContain(
      'Read model not compared: index answered 503',
    );
  });

  it('exits 0 only when consistent, and 3 for dead letters under --strict', () => {
    expect(exitCodeOf(report(), false)).toBe(0);
    for (const status of ['settling', 'inconsistent', 'unknown'] as const) expect(exitCodeOf(report({ status }), false)).toBe(1);
    const withDead = report({ deadLetters: { total: 1, recent: [] } });
    expect(exitCodeOf(withDead, false)).toBe(0);
    expect(exitCodeOf(withDead, true)).toBe(3);
  });

  it('refuses bad usage with a readable message and exit 2, before any network call', async () => {
    for (const [argv, message] of [
      [['--wait=-1'], /--wait must be a number of seconds/],
      [['--wait', 'soon'], /--wait must be a number of seconds/],
      [['--url', 'ftp://x'], /--url must be an http\(s\) URL/],
      [['--bogus'], /Unknown option '--bogus'/],
      [[], /no credentials: set TRAMITA_TOKEN/],
    ] as const) {
      const { lines, out } = capture();
      expect(await runCheck([...argv], {}, out)).toBe(2);
      expect(lines.join('\n')).toMatch(message);
    }
    const help = capture();
    expect(await runCheck(['--help'], {}, help.out)).toBe(0);
    expect(help.lines.join('\n')).toMatch(/Usage: tramita check/);
  });

  it('reports an unreachable gateway as a failure (exit 1) with the reason', async () => {
    const { lines, out } = capture();
    expect(await runCheck(['--url', 'http://127.0.0.1:9'], { TRAMITA_TOKEN: 'secret-token-value' }, out)).toBe(1);
    expect(lines.join('\n')).toMatch(/^tramita check: /);
    expect(lines.join('\n')).not.toContain('secret-token-value');
  });

  it('reads the report with the gateway contract: a report of another shape fails (exit 1) naming what is off', async () => {
    const gateway = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ...report(), status: 'fine', services: undefined }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const { lines, out } = capture();
      const port = (gateway.address() as AddressInfo).port;
      expect(await runCheck(['--url', `http://127.0.0.1:${port}`], { TRAMITA_TOKEN: 't' }, out)).toBe(1);
      expect(lines.join('\n')).toMatch(/report its contract does not allow: .*status.*services/);
    } finally {
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
    }
  });
});
