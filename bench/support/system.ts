import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/support/net.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/src/tramita.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/**
 * The system under test, whatever its topology. All-in-one is one process; a distributed
 * implementation (one process per service on PostgreSQL and Kafka, `tramita start --target`)
 * implements the same interface and reports memory per process: see `processes`.
 */
export interface SystemUnderTest {
  mode: 'all-in-one' | 'distributed';
  url: string;
  /** Processes whose memory is reported (all-in-one: one, named "all-in-one"). */
  processes(): string[];
  /** Full memory figures of a process (heap through the preloaded probe). */
  memory(process: string): Promise<MemorySample>;
  /** Resident set size from /proc, without disturbing the process (Linux; falls back to `memory`). */
  rss(process: string): Promise<number>;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tramita exited with ${child.exitCode}: ${output()}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`tramita not ready within ${timeoutMs} ms: ${output()}`);
}

/** `tramita start` (all-in-one) as a child process with the memory probe preloaded. */
export async function startAllInOneProcess(options: { dataDir: string; password: string }): Promise<SystemUnderTest> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', PROBE, CLI, 'start', '--port', String(port), '--data-dir', options.dataDir], {
    env: { ...process.env, AUTH_INITIAL_PASSWORD: options.password, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${port}`;
  await waitReady(url, child, () => output);
  const pid = child.pid!;

  const memory = () =>
    new Promise<MemorySample>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('memory probe did not answer')), 10_000);
      const onMessage = (message: { type?: string; usage?: MemorySample }) => {
        if (message.type !== 'memory' || !message.usage) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        const { rss, heapUsed, heapTotal, external, arrayBuffers } = message.usage;
        resolve({ rss, heapUsed, heapTotal, external, arrayBuffers });
      };
      child.on('message', onMessage);
      child.send({ type: 'memory?' });
    });

  return {
    mode: 'all-in-one',
    url,
    processes: () => ['all-in-one'],
    memory: () => memory(),
    async rss() {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
        if (kb) return Number(kb) * 1024;
      } catch {
        // not Linux
      }
      return (await memory()).rss;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
    },
    // For diagnostics when something fails.
    get output() {
      return output;
    },
  } as SystemUnderTest;
}

interface Peak {
  before: number;
  peak: number;
}

/**
 * Samples a process's memory every `everyMs` while `work` runs: RSS (which an allocator may keep
 * after earlier work, so its growth can read 0) and heap used + external (Buffers), which is
 * what the process holds for the work in flight.
 */
export async function peakMemoryDuring<T>(system: SystemUnderTest, name: string, work: () => Promise<T>, everyMs = 10): Promise<{ rss: Peak; js: Peak; result: T }> {
  const first = await system.memory(name);
  const rss = { before: first.rss, peak: first.rss };
  const js = { before: first.heapUsed + first.external, peak: first.heapUsed + first.external };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await system.memory(name);
      rss.peak = Math.max(rss.peak, m.rss);
      js.peak = Math.max(js.peak, m.heapUsed + m.external);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    const result = await work();
    return { rss, js, result };
  } finally {
    sampling = false;
    await sampler;
  }
}
