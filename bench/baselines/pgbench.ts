import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseBaseline } from './baselines.ts';

/**
 * The database baseline of distributed mode: single-row INSERT transactions per second into the
 * same PostgreSQL server the services use, measured by pgbench (Debian's postgresql packages)
 * with as many clients as the closed loop has connections, on a throwaway database of the run.
 */

/** One transaction the way a use case commits: BEGIN, one parameterised INSERT, COMMIT. */
export const PGBENCH_SCRIPT = `begin;
insert into bench_insert (payload) values ('row ' || :client_id);
commit;
`;

export interface PgbenchResult {
  /** Transactions per second, without the initial connection time. */
  tps: number;
  /** Mean time of one transaction as pgbench measured it, with `clients` running at once. */
  latencyAverageMs: number;
  transactions: number;
  failed: number;
}

/** Reads pgbench's summary (PostgreSQL 15+ wording); throws when a figure is missing. */
export function parsePgbenchOutput(text: string): PgbenchResult {
  const number = (pattern: RegExp, what: string) => {
    const match = pattern.exec(text)?.[1];
    if (match === undefined) throw new Error(`pgbench output has no ${what}:\n${text.slice(-1000)}`);
    return Number(match);
  };
  return {
    tps: number(/^tps = ([\d.]+) \(without initial connection time\)/m, 'tps'),
    latencyAverageMs: number(/^latency average = ([\d.]+) ms/m, 'latency average'),
    transactions: number(/^number of transactions actually processed: (\d+)/m, 'transaction count'),
    failed: /^number of failed transactions: (\d+)/m.exec(text) ? number(/^number of failed transactions: (\d+)/m, 'failed count') : 0,
  };
}

/** pgbench's arguments: no vacuum (no pgbench tables), our script, `clients` clients and threads, whole seconds. */
export function pgbenchArgs(options: { scriptFile: string; clients: number; durationMs: number }): string[] {
  const seconds = Math.max(1, Math.round(options.durationMs / 1000));
  const clients = String(options.clients);
  return ['-n', '-M', 'extended', '-f', options.scriptFile, '-c', clients, '-j', clients, '-T', String(seconds)];
}

/** libpq's variables for a postgres:// URL, so the password travels in the environment, not on a command line anyone can list. */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  return {
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

/** The newest pgbench of Debian's PostgreSQL packages, else `pgbench` on the PATH. */
export async function findPgbench(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join('/usr/lib/postgresql', newest, 'bin', 'pgbench') : 'pgbench';
}

function run(binary: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { env: { ...process.env, ...env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? " (install Debian's postgresql-client or postgresql package)" : '';
        reject(new Error(`pgbench failed${hint}: ${stderr.trim() || error.message}`));
      } else resolve(`${stdout}\n${stderr}`);
    });
  });
}

export class PgbenchInsertBaseline implements DatabaseBaseline {
  readonly names = { perSec: 'postgresInsertTxPerSec', txMs: 'postgresTxMs' } as const;
  readonly #binary: string;
  readonly #env: Record<string, string>;
  readonly #scriptFile: string;
  readonly #clients: number;
  #last: PgbenchResult | undefined;

  private constructor(binary: string, env: Record<string, string>, scriptFile: string, clients: number) {
    this.#binary = binary;
    this.#env = env;
    this.#scriptFile = scriptFile;
    this.#clients = clients;
  }

  /** Creates the table in the (throwaway) database at `url` and writes the script under `workDir`. */
  static async open(options: { url: string; workDir: string; clients: number }): Promise<PgbenchInsertBaseline> {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      await client.query('create table if not exists bench_insert (id bigserial primary key, payload text not null, at timestamptz not null default now())');
    } finally {
      await client.end();
    }
    const scriptFile = join(options.workDir, 'pgbench-insert.sql');
    await writeFile(scriptFile, PGBENCH_SCRIPT);
    return new PgbenchInsertBaseline(await findPgbench(), libpqEnvironment(options.url), scriptFile, options.clients);
  }

  async measure(durationMs: number): Promise<{ txPerSec: number; txMs: number }> {
    const result = parsePgbenchOutput(await run(this.#binary, pgbenchArgs({ scriptFile: this.#scriptFile, clients: this.#clients, durationMs }), this.#env));
    if (result.failed > 0) throw new Error(`pgbench: ${result.failed} of ${result.transactions} transactions failed`);
    this.#last = result;
    return { txPerSec: result.tps, txMs: result.latencyAverageMs };
  }

  /** The last run's summary (transaction count, failures, latency) for the results' extras. */
  lastDetails(): PgbenchResult | undefined {
    return this.#last;
  }

  async close(): Promise<void> {}
}
