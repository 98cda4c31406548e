import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Database } from '@tramita/platform';
import { HttpClient } from '../lib/http.ts';
import { runClosedLoop } from '../lib/load.ts';
import type { BaselineName } from '../lib/report.ts';
import { median } from '../lib/stats.ts';

/**
 * Baselines measured in the same run as the figures they normalise, interleaved with them:
 * what this machine does right now with the same engine (single-row transactions into PGlite in
 * all-in-one, into PostgreSQL with pgbench in distributed: see pgbench.ts), the same HTTP stack
 * (bare node:http) and the same byte path (stream copy with SHA-256).
 */

/** Single-row INSERT transactions into the database engine of the system under test. */
export interface DatabaseBaseline {
  /** The baselines it yields: transactions per second and the time of one transaction. */
  readonly names: { perSec: BaselineName; txMs: BaselineName };
  measure(durationMs: number): Promise<{ txPerSec: number; txMs: number }>;
  /** Details of the last measurement worth keeping in the results, if any. */
  lastDetails?(): unknown;
  close(): Promise<void>;
}

/** Single-row INSERT transactions per second into PGlite on disk, through Kysely like the services (one connection). */
export class PgliteInsertBaseline implements DatabaseBaseline {
  readonly names = { perSec: 'pgliteInsertTxPerSec', txMs: 'pgliteTxMs' } as const;
  readonly #database: Database<unknown>;

  private constructor(database: Database<unknown>) {
    this.#database = database;
  }

  static async open(dataDir: string): Promise<PgliteInsertBaseline> {
    const database = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    await sql`create table if not exists bench_insert (id bigserial primary key, payload text not null, at timestamptz not null default now())`.execute(
      database.db,
    );
    return new PgliteInsertBaseline(database);
  }

  async measure(durationMs: number): Promise<{ txPerSec: number; txMs: number }> {
    const end = performance.now() + durationMs;
    const started = performance.now();
    let count = 0;
    while (performance.now() < end) {
      await this.#database.db.transaction().execute(async (trx) => {
        await sql`insert into bench_insert (payload) values (${`row ${count}`})`.execute(trx);
      });
      count += 1;
    }
    const txPerSec = (count * 1000) / (performance.now() - started);
    return { txPerSec, txMs: 1000 / txPerSec }; // one connection: the time of one transaction
  }

  close(): Promise<void> {
    return this.#database.close();
  }
}

/** The bare node:http hello server, in its own process like the system under test. */
export class HelloBaseline {
  readonly #child: ChildProcess;
  readonly client: HttpClient;

  private constructor(child: ChildProcess, url: string, connections: number) {
    this.#child = child;
    this.client = new HttpClient(url, { connections });
  }

  static async start(connections: number): Promise<HelloBaseline> {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./hello-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /PORT (\d+)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`hello server exited with ${code}`)));
    });
    return new HelloBaseline(child, `http://127.0.0.1:${port}`, connections);
  }

  /** Requests per second, closed loop over the client's connections. */
  async throughput(durationMs: number, connections: number): Promise<number> {
    const result = await runClosedLoop({
      connections,
      durationMs,
      task: async () => {
        const response = await this.client.request('GET', '/');
        if (response.status !== 200) throw new Error(`hello: HTTP ${response.status}`);
      },
    });
    return result.throughput;
  }

  /** Median latency (ms) of `count` requests one after another: a bare loopback HTTP round trip. */
  async latency(count: number): Promise<number> {
    const latencies: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await this.client.request('GET', '/');
      latencies.push(performance.now() - started);
    }
    return median(latencies);
  }

  async stop(): Promise<void> {
    this.client.close();
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

/** Writes `size` bytes of incompressible data (done once; the copy is what is measured). */
export async function makeFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let block = createHash('sha512').update('seed').digest();
    const chunk = Buffer.alloc(1024 * 1024);
    for (let written = 0; written < size; written += chunk.length) {
      for (let o = 0; o < chunk.length; o += block.length) {
        block.copy(chunk, o);
        block = createHash('sha512').update(block).digest();
      }
      await handle.write(chunk, 0, Math.min(chunk.length, size - written));
    }
  } finally {
    await handle.close();
  }
}

/** MB/s (10^6 bytes) of a streamed file copy that hashes every byte with SHA-256 on the way. */
export async function streamCopySha256(source: string, workDir: string): Promise<number> {
  const size = (await stat(source)).size;
  const target = join(workDir, 'copy.bin');
  const hash = createHash('sha256');
  const started = performance.now();
  await pipeline(
    createReadStream(source),
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    }),
    createWriteStream(target),
  );
  hash.digest('hex');
  const seconds = (performance.now() - started) / 1000;
  await rm(target, { force: true });
  return size / 1e6 / seconds;
}
