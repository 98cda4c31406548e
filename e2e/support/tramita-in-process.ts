import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherConfig, startAllInOne, type AllInOne } from '../../packages/cli/src/index.ts';
import { freePort } from './net.ts';

export const E2E_PASSWORD = 'e2e-Contraseña-larga-1';

export interface TestTramita {
  url: string;
  dataDir: string;
  system: AllInOne;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the whole all-in-one system in this process on a free port and a temporary data dir. */
export async function startTramita(extraEnv: Record<string, string> = {}, dataDir?: string): Promise<TestTramita> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'tramita-e2e-')));
  const port = await freePort();
  const env = { AUTH_INITIAL_PASSWORD: E2E_PASSWORD, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...extraEnv };
  const config = launcherConfig(env, { port, dataDir: dir });
  const system = await startAllInOne(config, env);
  return {
    url: config.publicUrl,
    dataDir: dir,
    system,
    async stop(options = {}) {
      await system.stop();
      if (!options.keepData) await rm(dir, { recursive: true, force: true });
    },
  };
}
