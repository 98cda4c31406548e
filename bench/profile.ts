import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loginWithPkce } from '../e2e/support/oidc-login.ts';
import { documentBytes } from './generate/expedientes.ts';
import { cpuSummaryMarkdown, summarizeCpuProfile, type CpuProfile } from './lib/cpu-profile.ts';
import { HttpClient } from './lib/http.ts';
import { runClosedLoop } from './lib/load.ts';
import { TramitaApi } from './lib/tramita-api.ts';
import { parseModes, parseProfile, UsageError } from './options.ts';
import { createOne, TransitionTargets, transitionsClosedLoop, type ScenarioContext } from './scenarios/scenarios.ts';
import { checkInfra, infraEndpoints } from './support/infra.ts';
import { prepareAllInOne, prepareDistributed, type Defer } from './support/topologies.ts';

const USAGE = `Usage: npm run bench:profile -- [--mode all-in-one|distributed] [--scenario create|transitions|upload] [--seconds N] [--connections N] [--out DIR]

Starts Tramita as the benchmark does (a small read model), warms the scenario up, then records a
V8 CPU profile of every process of the system while the scenario runs closed-loop, and writes
each profile (<process>.cpuprofile, to open in Chromium's DevTools) and a summary (summary.md:
time by origin, by the innermost frame of Tramita's own code, by function) under --out
(default: a new directory under the system's temporary directory). Prints the summary.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'all-in-one' },
      scenario: { type: 'string', default: 'create' },
      seconds: { type: 'string', default: '15' },
      connections: { type: 'string', default: '4' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (void console.log(USAGE), 0);
  const [mode] = parseModes(values.mode);
  if (!mode || values.mode === 'both') throw new UsageError('--mode must be all-in-one or distributed');
  if (!['create', 'transitions', 'upload'].includes(values.scenario))
    throw new UsageError(`unknown scenario "${values.scenario}": use create, transitions or upload`);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) throw new UsageError('--seconds and --connections must be positive numbers');
  const profile = { ...parseProfile({ profile: 'quick' }), indexRows: 2_000, connections };
  const endpoints = infraEndpoints();
  if (mode === 'distributed') {
    const problem = await checkInfra(endpoints);
    if (problem) throw new UsageError(problem);
  }
  const out = resolve(values.out ?? (await mkdtemp(join(tmpdir(), 'tramita-profile-'))));
  await mkdir(out, { recursive: true });
  const log = (message: string) => console.log(`[profile ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const steps: (() => Promise<unknown>)[] = [];
  const defer: Defer = (_what, undo) => void steps.push(undo);
  try {
    const work = await mkdtemp(join(tmpdir(), 'tramita-profile-work-'));
    defer('remove the work directory', () => rm(work, { recursive: true, force: true }));
    const password = randomBytes(18).toString('base64url');
    const options = { profile, workDir: work, password, defer, log };
    const { system } = mode === 'distributed' ? await prepareDistributed({ ...options, endpoints }) : await prepareAllInOne(options);
    const token = (await loginWithPkce({ baseUrl: system.url, username: 'user', password, redirectUri: `${system.url}/callback` })).accessToken;
    const http = new HttpClient(system.url, { connections: connections * 4, token });
    defer('close the client', async () => http.close());
    let counter = 0;
    const ctx: ScenarioContext = {
      system,
      api: new TramitaApi(http),
      nextCode: (prefix) => `${prefix}-${Date.now().toString(36).toUpperCase()}-${(counter += 1)}`,
    };
    const targets = new TransitionTargets();
    for (let i = 0; i < connections; i += 1) targets.add(await createOne(ctx, 'MOVE'));
    // upload: 10 MiB documents, as the benchmark's documents figure sends them.
    const tenMiB = documentBytes({ size: 10 * 1024 * 1024, seed: 7 });
    const run = (ms: number) =>
      values.scenario === 'create'
        ? runClosedLoop({ connections, durationMs: ms, task: async () => void (await createOne(ctx)) })
        : values.scenario === 'upload'
          ? runClosedLoop({
              connections,
              durationMs: ms,
              task: async (worker) => void (await ctx.api.uploadDocument(`profile-${worker}.pdf`, tenMiB, 'application/pdf')),
            })
          : transitionsClosedLoop(ctx, targets, connections, ms);
    log(`warm-up: ${values.scenario}, 5 s`);
    await run(5_000);
    for (const name of system.processes()) await system.cpuProfile(name, 'start');
    log(`profiling ${system.processes().join(', ')} while ${values.scenario} runs for ${seconds} s on ${connections} connections`);
    const result = await run(seconds * 1000);
    const sections: string[] = [];
    for (const name of system.processes()) {
      const path = join(out, `${name}.cpuprofile`);
      await system.cpuProfile(name, 'stop', path);
      const summary = summarizeCpuProfile(JSON.parse(await readFile(path, 'utf8')) as CpuProfile);
      sections.push(cpuSummaryMarkdown(`${mode}: ${name}`, summary));
    }
    const document = [
      `# CPU profile: ${values.scenario}, ${mode}, ${connections} connections, ${seconds} s`,
      '',
      `${result.completed} completed (${result.throughput.toFixed(1)}/s), ${result.errors} failed${result.errorSamples.length > 0 ? `: ${result.errorSamples[0]}` : ''}.`,
      '',
      ...sections,
    ].join('\n');
    await writeFile(join(out, 'summary.md'), document);
    console.log(document);
    log(`profiles and summary in ${out}`);
    return 0;
  } finally {
    for (let undo = steps.pop(); undo; undo = steps.pop()) await undo().catch((error: unknown) => console.error(`[profile] clean-up: ${String(error)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
