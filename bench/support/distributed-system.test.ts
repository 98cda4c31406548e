import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distributedRun, probeMemory } from './distributed-system.ts';

const PROBE = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('distributed benchmark run', () => {
  it('names its databases and topics after a run id that the stack and PostgreSQL accept', () => {
    const run = distributedRun(Date.parse('2026-11-22T07:00:00Z'), 'a1b2c3');
    expect(run.runId).toMatch(/^bench[a-z0-9]+a1b2c3$/);
    expect(run.databasePrefix).toMatch(/^[a-z_][a-z0-9_]{0,40}$/); // startStack's rule
    expect(run.topicPrefix).toBe(`${run.runId}.`);
    expect(run.indexPrefix).toBe(`tramita-${run.runId}`); // what startStack gives the index with INDEX_STORE=opensearch
    expect(run.databases()).toEqual(['auth', 'files', 'bpm', 'docs', 'index', 'pgbench'].map((s) => `${run.databasePrefix}_${s}`));
    for (const name of run.databases()) expect(name.length).toBeLessThanOrEqual(63); // PostgreSQL identifiers
    expect(distributedRun().runId).not.toBe(distributedRun().runId);
  });
});

describe('memory probe without an IPC channel', () => {
  it('answers process.memoryUsage() of the process on <dir>/<pid>.sock and does not keep the process alive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'probe-'));
    dirs.push(dir);
    // Holds 32 MiB until its stdin closes, then has nothing left to do: the probe's server must not hold it open.
    const child = spawn(process.execPath, ['--import', PROBE, '-e', 'globalThis.b = Buffer.alloc(32 * 2 ** 20, 1); process.stdin.on("data", () => {})'], {
      env: { ...process.env, TRAMITA_BENCH_PROBE_DIR: dir },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const socket = join(dir, `${child.pid}.sock`);
    for (let i = 0; i < 500 && !existsSync(socket); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const memory = await probeMemory(socket);
    child.stdin.end();
    expect(memory.rss).toBeGreaterThan(32 * 2 ** 20);
    expect(memory.external + memory.arrayBuffers).toBeGreaterThanOrEqual(32 * 2 ** 20);
    expect(memory.heapUsed).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });
});
