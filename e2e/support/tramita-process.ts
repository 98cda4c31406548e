import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './net.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/src/tramita.ts', import.meta.url));

/** `tramita start` as a separate OS process, so a test can SIGKILL it. */
export interface TramitaProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function spawnTramita(port: number, dataDir: string, env: Record<string, string>): Promise<TramitaProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(
    'tramita to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`tramita exited with ${child.exitCode}: ${output}`);
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return response.ok ? true : undefined;
    },
    // Six embedded databases start at once: seconds alone, over a minute beside a loaded test run.
    150_000,
    200,
  );
  return {
    child,
    output: () => output,
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
