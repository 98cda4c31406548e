import { describe, expect, it } from 'vitest';
import { comparisonMarkdown } from './comparison.ts';
import { buildDocument, busyMachineNote, markdown, processTable, resultName, Results } from './report.ts';

function distributedResults(): Results {
  const results = new Results();
  for (let round = 0; round < 2; round += 1) {
    results.baseline('postgresInsertTxPerSec', round, 5000 + round * 1000);
    results.baseline('postgresTxMs', round, 0.8);
    results.figure('create.closed.sagasPerSec', { unit: 'sagas/s', description: 'sagas', baseline: 'postgresInsertTxPerSec' }, round, 10 + round * 2);
    results.figure('memory.underLoad.rssPeak.gateway', { unit: 'MiB', description: 'peak', process: 'gateway' }, round, 100 + round * 10);
    results.figure('memory.underLoad.rssPeak.total', { unit: 'MiB', description: 'peak', process: 'total' }, round, 900);
  }
  results.figure('memory.atRest.before.rss.gateway', { unit: 'MiB', description: 'rest', process: 'gateway' }, 0, 95);
  return results;
}

describe('benchmark report', () => {
  it('gathers per-process figures in one table: a row per process, a column per measure', () => {
    const { figures } = distributedResults().summary();
    expect(processTable(figures)).toEqual([
      '',
      expect.stringContaining('**Memory per process**'),
      '',
      '| process | memory.underLoad.rssPeak (MiB) | memory.atRest.before.rss (MiB) |',
      '|---|---:|---:|',
      '| gateway | 105 (100–110) | 95 |',
      '| total | 900 | — |',
    ]);
  });

  it('has no per-process table when no figure names a process (all-in-one)', () => {
    const results = new Results();
    results.figure('memory.underLoad.rssPeak', { unit: 'MiB', description: 'peak' }, 0, 1200);
    expect(processTable(results.summary().figures)).toEqual([]);
  });

  it('renders a distributed run with its servers, the pgbench baseline and per-process figures outside the main table', () => {
    const doc = buildDocument({
      profile: 'quick',
      mode: 'distributed',
      rounds: 2,
      startedAt: '2026-11-22T07:00:00.000Z',
      durationS: 300,
      settings: {},
      dataset: { indexRows: 100_000 },
      results: distributedResults(),
      versions: { postgresql: '15.18', kafka: '4.3.1' },
    });
    const text = markdown(doc);
    expect(text).toContain('Profile `quick`, distributed, 2 interleaved rounds, 100,000 expedientes');
    expect(text).toContain('PostgreSQL 15.18, Kafka 4.3.1.');
    expect(text).toContain('| postgresInsertTxPerSec (tx/s) | 5500 | 5000–6000 |');
    // 10/5000 and 12/6000: the ratio pairs each round with its own baseline.
    expect(text).toContain('| create.closed.sagasPerSec | sagas/s | 11 | 10–12 | postgresInsertTxPerSec | 0.002 | 0.002–0.002 |');
    expect(text).not.toMatch(/^\| memory\.underLoad\.rssPeak\.gateway /m);
    expect(text).toContain('| gateway | 105 (100–110) | 95 |');
    expect(doc.machine).toHaveProperty('loadAverageAtEnd');
  });

  it('names result files after profile, mode and start time', () => {
    expect(resultName('quick', 'distributed', new Date('2026-11-22T05:58:16.202Z'))).toBe('quick-distributed-2026-11-22T0558');
    expect(resultName('full', 'all-in-one', new Date('2026-01-02T03:04:05Z'))).toBe('full-all-in-one-2026-01-02T0304');
  });

  it('notes a busy machine from the load average at the start or the end, and stays quiet on a quiet one', () => {
    expect(busyMachineNote(0.3, 0.9, 2)).toBeUndefined();
    expect(busyMachineNote(1.71, 0.5, 2)).toMatch(/busy: 1-minute load average 1.71 at the start and 0.50 at the end on 2 cores/);
    expect(busyMachineNote(0.2, 2.5, 2)).toBeDefined();
  });
});

describe('comparison of two runs', () => {
  it('puts runs side by side by figure name, a one-process memory figure facing the total of several', () => {
    const allInOne = new Results();
    allInOne.baseline('pgliteInsertTxPerSec', 0, 1000);
    allInOne.figure('create.closed.sagasPerSec', { unit: 'sagas/s', description: 'sagas', baseline: 'pgliteInsertTxPerSec' }, 0, 13);
    allInOne.figure('memory.underLoad.rssPeak', { unit: 'MiB', description: 'peak' }, 0, 1300);
    const doc = (mode: string, results: Results) =>
      buildDocument({ profile: 'quick', mode, rounds: 1, startedAt: `${mode}-start`, durationS: 1, settings: {}, dataset: { indexRows: 1 }, results });
    const text = comparisonMarkdown([doc('all-in-one', allInOne), doc('distributed', distributedResults())]);
    expect(text).toContain('| | unit | all-in-one | distributed |');
    expect(text).toContain('| baseline pgliteInsertTxPerSec | tx/s | 1000 (1000–1000) | — |');
    expect(text).toContain('| baseline postgresInsertTxPerSec | tx/s | — | 5500 (5000–6000) |');
    expect(text).toContain('| create.closed.sagasPerSec | sagas/s | 13 (13–13) | 11 (10–12) |');
    expect(text).toContain('| memory.underLoad.rssPeak | MiB | 1300 (1300–1300) | 900 (900–900) |');
    expect(text).not.toContain('rssPeak.gateway');
  });
});
