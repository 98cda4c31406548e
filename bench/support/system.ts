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

export type Mode = 'all-in-one' | 'distributed';

/**
 * The system under test, whatever its topology. All-in-one is one process
 * (`startAllInOneProcess`); distributed is one process per service on PostgreSQL and Kafka
 * (`startDistributedSystem`, bench/support/distributed-system.ts), and memory is reported per
 * process: see `processes`.
 */
export interface SystemUnderTest {
  mode: Mode;
  url: string;
  /** Processes whose memory is reported (all-in-one: one, named "all-in-one"; distributed: one per service). */
  processes(): string[];
  /** The processes a document upload passes through (their memory per upload is reported). */
  uploadProcesses(): string[];
  /** Full memory figures of a process (heap through the preloaded probe). */
  memory(process: string): Promise<MemorySample>;
  /** Resident set size from /proc, without disturbing the process (Linux; falls back to `memory`). */
  rss(process: string): Promise<number>;
  /** Starts the V8 CPU profiler in a process, or stops it and writes its profile to `path` (through the probe). */
  cpuProfile(process: string, action: 'start' | 'stop', path?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Resident set size of a process from /proc/<pid>/status (undefined off Linux or once it exited). */
export async function rssFromProc(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
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
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tramita not ready within ${timeoutMs} ms: ${output()}`);
}

/**
 * Sends `request` to the preloaded probe of `child` over IPC and resolves with the first answer
 * `read` recognises (it returns undefined for messages that are not the answer, and throws for a
 * failure the probe reports).
 */
function askProbe<M, T>(child: ChildProcess, request: object, timeoutMs: number, read: (message: M) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`the probe did not answer ${JSON.stringify(request)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: M) => {
      let answer: T | undefined;
      try {
        answer = read(message);
      } catch (error) {
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (answer === undefined) return;
      finish();
      resolve(answer);
    };
    child.on('message', onMessage);
    child.send(request);
  });
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
    askProbe(child, { type: 'memory?' }, 10_000, (message: { type?: string; usage?: MemorySample }) => {
      if (message.type !== 'memory' || !message.usage) return undefined;
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = message.usage;
      return { rss, heapUsed, heapTotal, external, arrayBuffers };
    });

  return {
    mode: 'all-in-one',
    url,
    processes: () => ['all-in-one'],
    uploadProcesses: () => ['all-in-one'],
    memory: () => memory(),
    cpuProfile: (_process: string, action: 'start' | 'stop', path?: string) =>
      askProbe(child, { type: 'cpu-profile', action, path }, 60_000, (message: { type?: string; message?: string }) => {
        if (message.type === 'cpu-profile-done') return true;
        if (message.type === 'cpu-profile-failed') throw new Error(message.message);
        return undefined;
      }).then(() => undefined),
    async rss() {
      return (await rssFromProc(pid)) ?? (await memory()).rss;
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

export interface Peak {
  before: number;
  peak: number;
}

/** Peaks of each process. */
export interface PeakMemory {
  rss: Record<string, Peak>;
  /** Heap used + external (Buffers, ArrayBuffers): what a process holds for the work in flight. */
  js: Record<string, Peak>;
}

/**
 * Samples the memory of `names` every `everyMs` while `work` runs: RSS (which an allocator may
 * keep after earlier work, so its growth can read 0) and heap used + external (Buffers), which
 * is what a process holds for the work in flight.
 */
export async function peakMemoryDuring<T>(
  system: SystemUnderTest,
  names: readonly string[],
  work: () => Promise<T>,
  everyMs = 10,
): Promise<PeakMemory & { result: T }> {
  const sample = async () => {
    const samples = await Promise.all(names.map((name) => system.memory(name)));
    return names.map((name, i) => ({ name, rss: samples[i]!.rss, js: samples[i]!.heapUsed + samples[i]!.external }));
  };
  const first = await sample();
  const rss = Object.fromEntries(first.map((m) => [m.name, { before: m.rss, peak: m.rss }]));
  const js = Object.fromEntries(first.map((m) => [m.name, { before: m.js, peak: m.js }]));
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const m of await sample()) {
        rss[m.name]!.peak = Math.max(rss[m.name]!.peak, m.rss);
        js[m.name]!.peak = Math.max(js[m.name]!.peak, m.js);
      }
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

/** Peak RSS of each of `names` and of their sum while `work` runs, from /proc (does not disturb the processes). */
export async function peakRssDuring<T>(
  system: SystemUnderTest,
  names: readonly string[],
  work: () => Promise<T>,
  everyMs = 100,
): Promise<{ peak: Record<string, number>; total: number; result: T }> {
  const peak: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  let total = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const samples = await Promise.all(names.map((name) => system.rss(name)));
      names.forEach((name, i) => (peak[name] = Math.max(peak[name]!, samples[i]!)));
      total = Math.max(
        total,
        samples.reduce((a, b) => a + b, 0),
      );
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    const result = await work();
    return { peak, total, result };
  } finally {
    sampling = false;
    await sampler;
  }
}
