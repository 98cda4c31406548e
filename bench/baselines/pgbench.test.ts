import { describe, expect, it } from 'vitest';
import { libpqEnvironment, parsePgbenchOutput, pgbenchArgs, PGBENCH_SCRIPT } from './pgbench.ts';

// What pgbench 15 printed for `-n -f insert.sql -c 4 -j 4 -T 2` on this project's test server.
const OUTPUT = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: /tmp/ins.sql
scaling factor: 1
query mode: simple
number of clients: 4
number of threads: 4
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 9627
number of failed transactions: 0 (0.000%)
latency average = 0.794 ms
initial connection time = 93.519 ms
tps = 5036.140204 (without initial connection time)
`;

describe('pgbench baseline', () => {
  it('reads throughput, mean transaction time, count and failures from the summary', () => {
    expect(parsePgbenchOutput(OUTPUT)).toEqual({ tps: 5036.140204, latencyAverageMs: 0.794, transactions: 9627, failed: 0 });
    expect(parsePgbenchOutput(OUTPUT.replace('failed transactions: 0 (0.000%)', 'failed transactions: 12 (0.125%)')).failed).toBe(12);
  });

  it('refuses a summary without a tps line instead of reporting 0', () => {
    expect(() => parsePgbenchOutput(OUTPUT.replace(/^tps = .*$/m, ''))).toThrow(/no tps/);
    expect(() => parsePgbenchOutput('pgbench: error: connection to server failed')).toThrow(/pgbench output/);
  });

  it('runs our script without vacuum, one thread per client, for whole seconds', () => {
    expect(pgbenchArgs({ scriptFile: '/w/s.sql', clients: 4, durationMs: 1500 })).toEqual([
      '-n',
      '-M',
      'extended',
      '-f',
      '/w/s.sql',
      '-c',
      '4',
      '-j',
      '4',
      '-T',
      '2',
    ]);
    expect(pgbenchArgs({ scriptFile: 's.sql', clients: 8, durationMs: 200 }).slice(-2)).toEqual(['-T', '1']);
  });

  it('commits one single-row INSERT per transaction', () => {
    const statements = PGBENCH_SCRIPT.trim().split('\n');
    expect(statements).toEqual(['begin;', expect.stringMatching(/^insert into bench_insert \(payload\) values \(.*:client_id.*\);$/), 'commit;']);
  });

  it('passes the connection through libpq variables, the password decoded and never on the command line', () => {
    const env = libpqEnvironment('postgres://tramita:p%40ss%2Fw0rd@127.0.0.1:55432/tramita_run_pgbench');
    expect(env).toEqual({ PGHOST: '127.0.0.1', PGPORT: '55432', PGUSER: 'tramita', PGPASSWORD: 'p@ss/w0rd', PGDATABASE: 'tramita_run_pgbench' });
    expect(pgbenchArgs({ scriptFile: 's.sql', clients: 1, durationMs: 1000 }).join(' ')).not.toContain('p@ss');
  });
});
