import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The web UI's sources and its build; `npm start` and the browser tests build it only when stale. */
export const WEB_DIR = join(import.meta.dirname, '..');
export const WEB_DIST = join(WEB_DIR, 'dist');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), stat.mtimeMs);
}

/** True when web/dist is missing or older than any source of the web UI (tests excluded would not matter: they are not built). */
export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.map((p) => join(WEB_DIR, p))
    .filter((p) => existsSync(p))
    .some((p) => newest(p) > built);
}

const LOCK = join(WEB_DIR, '.build-lock');
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One build at a time (test files run in parallel): a directory created atomically is the lock. */
function withLock(run: () => void): void {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // a lock left by a killed build is older than any real build takes
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} has been held for too long`);
      sleep(250);
    }
  }
  try {
    run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds web/dist with Vite unless it is up to date; returns its path. */
export function ensureWebBuild(): string {
  if (!webBuildIsStale()) return WEB_DIST;
  withLock(() => {
    if (!webBuildIsStale()) return; // built by whoever held the lock
    const vite = join(WEB_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'inherit' });
  });
  return WEB_DIST;
}

if (process.argv[1] === import.meta.filename) ensureWebBuild();
