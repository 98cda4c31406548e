import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginWithPkce } from '../../e2e/support/oidc-login.ts';
import { freePort } from '../../e2e/support/net.ts';
import { spawnTramita } from '../../e2e/support/tramita-process.ts';
import { gateOf, type FuzzRun } from './verdict.ts';

/**
 * Starts a throwaway all-in-one system, logs in as a case worker and as an administrator through
 * the real OIDC login, and runs schemathesis once per token over the merged OpenAPI document.
 * Usage: run.ts <path to st> [--max-time seconds per user] [more `st run` options, e.g. to
 * reproduce one finding: --phases coverage --include-path /api/procedures --include-method POST]
 */
const [st, ...rest] = process.argv.slice(2);
if (!st) throw new Error('usage: run.ts <schemathesis st binary> [--max-time seconds] [st run options]');
const timed = rest[0] === '--max-time' && rest[1] !== undefined;
const maxTime = timed ? rest[1]! : (process.env.TRAMITA_FUZZ_SECONDS ?? '90');
const extra = timed ? rest.slice(2) : rest;
const PASSWORD = `fuzz-${Math.random().toString(36).slice(2)}-Clave-Larga`;
// The case worker first: the administrator's run may change users (never the last administrator).
const USERS = [
  { username: 'user', label: 'case-worker' },
  { username: 'admin', label: 'administrator' },
];

const out = 'artifacts/fuzz';
await mkdir(out, { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'tramita-fuzz-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
console.log(`[fuzz] starting the all-in-one system on ${url}`);
const system = await spawnTramita(port, dataDir, { AUTH_INITIAL_PASSWORD: PASSWORD, PUBLIC_URL: url, LOG_LEVEL: 'info' });

const runs: FuzzRun[] = [];
let administrators: { ok: boolean; line: string } | undefined;
try {
  for (const user of USERS) {
    const { accessToken } = await loginWithPkce({ baseUrl: url, username: user.username, password: PASSWORD, redirectUri: `${url}/callback` });
    const report = join(out, `${user.label}.ndjson`);
    console.log(`[fuzz] schemathesis as ${user.label} (${user.username}), up to ${maxTime} s`);
    const exitCode = await runSchemathesis(st, [
      'run',
      `${url}/api/openapi.json`,
      '--url',
      url,
      '--header',
      `Authorization: Bearer ${accessToken}`,
      '--checks',
      'all',
      '--max-time',
      maxTime,
      '--workers',
      '2',
      '--request-timeout',
      '30',
      '--report',
      'ndjson,junit',
      '--report-ndjson-path',
      report,
      '--report-junit-path',
      join(out, `${user.label}.junit.xml`),
      ...extra,
    ]);
    runs.push({ label: user.label, exitCode, events: (await readFile(report, 'utf8')).split('\n').filter(Boolean) });
  }
  administrators = await administratorsLeft();
} finally {
  await system.kill('SIGTERM');
  await writeFile(join(out, 'system.log'), system.output());
  await rm(dataDir, { recursive: true, force: true });
}

const verdict = gateOf(runs);
verdict.lines.push(administrators.line);
if (administrators.ok) verdict.passed++;
else verdict.failed++;
for (const line of verdict.lines) console.log(line);
// A report in the shape scripts/ci-summary.mjs reads: one test per user and gated check.
// Each failure as a failed file in that report too, so that the summary names it at the end of the log.
const failedLines = verdict.lines.filter((line) => line.includes('FAILED') || line.includes('ran no scenario'));
const testResults = failedLines.map((line) => ({ name: 'npm run fuzz', status: 'failed', message: line, assertionResults: [] }));
await writeFile(join(out, 'summary.json'), JSON.stringify({ numPassedTests: verdict.passed, numFailedTests: verdict.failed, testResults }, null, 2));
process.exit(verdict.failed > 0 ? 1 : 0);

function runSchemathesis(binary: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Finding 5: whatever the stateful phase did to users, an enabled administrator must remain that
 * can still log in (with the known password: the fuzzer cannot know any other). Seeded users are
 * tried in turn, `admin` first, since the phase may have promoted one and disabled another.
 */
async function administratorsLeft(): Promise<{ ok: boolean; line: string }> {
  for (const username of ['admin', 'agat', 'user', 'tramitador', 'tecnico', 'validador', 'consulta']) {
    const token = await loginWithPkce({ baseUrl: url, username, password: PASSWORD, redirectUri: `${url}/callback` }).then(
      (tokens) => tokens.accessToken,
      () => undefined,
    );
    if (!token) continue;
    const response = await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) continue;
    const { users } = (await response.json()) as { users: { username: string; roles: string[]; enabled: boolean }[] };
    const enabled = users.filter((u) => u.enabled && u.roles.includes('admin')).map((u) => u.username);
    return enabled.length > 0
      ? { ok: true, line: `[fuzz] administrators: ${username} still logs in as one; enabled: ${enabled.join(', ')}` }
      : { ok: false, line: `[fuzz] FAILED: no enabled administrator is left (listed as ${username})` };
  }
  return { ok: false, line: '[fuzz] FAILED: the administrators are locked out: no seeded administrator logs in with the known password' };
}
