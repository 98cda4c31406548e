import { unlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Preloaded (`node --import`) into the system under test so the benchmark reads the heap of a
 * process it does not share, and `npm run bench:profile` records its CPU profile. Touches
 * nothing else; no service code knows about it.
 *
 * - A child with an IPC channel (all-in-one) answers `{ type: 'memory?' }` with
 *   process.memoryUsage(), and `{ type: 'cpu-profile', action: 'start' | 'stop', path }` by
 *   starting the V8 sampling profiler or writing what it recorded to `path` (answer
 *   `{ type: 'cpu-profile-done' }`, or `{ type: 'cpu-profile-failed', message }`).
 * - A child without one (the distributed stack's services) answers on the Unix socket
 *   `$TRAMITA_BENCH_PROBE_DIR/<pid>.sock`: any GET with process.memoryUsage() as JSON, and
 *   `POST /cpu-profile/start` and `POST /cpu-profile/stop?path=…` as above: no port, reachable
 *   only through the file system, and the pid names the process.
 */
const probeDir = process.env.TRAMITA_BENCH_PROBE_DIR;

let session: Session | undefined;

async function cpuProfile(action: string, path: string | undefined): Promise<void> {
  if (action === 'start') {
    session ??= new Session();
    session.connect();
    await session.post('Profiler.enable');
    // Finer than the default 1 ms: a saga step is a few milliseconds.
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    return;
  }
  if (action === 'stop' && session && path) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    await writeFile(path, JSON.stringify(profile));
    return;
  }
  throw new Error(`cpu-profile: cannot ${action}${path ? '' : ' without a path'}`);
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { type, action, path } = message as { type?: unknown; action?: unknown; path?: unknown };
    if (type === 'memory?') process.send?.({ type: 'memory', usage: process.memoryUsage() });
    if (type === 'cpu-profile') {
      cpuProfile(String(action), typeof path === 'string' ? path : undefined).then(
        () => process.send?.({ type: 'cpu-profile-done' }),
        (error: Error) => process.send?.({ type: 'cpu-profile-failed', message: error.message }),
      );
    }
  });
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
} else if (probeDir) {
  const socket = join(probeDir, `${process.pid}.sock`);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://probe');
    if (request.method === 'POST' && url.pathname.startsWith('/cpu-profile/')) {
      cpuProfile(url.pathname.slice('/cpu-profile/'.length), url.searchParams.get('path') ?? undefined).then(
        () => response.writeHead(204).end(),
        (error: Error) => response.writeHead(500).end(error.message),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(process.memoryUsage()));
  });
  server.on('error', () => {}); // a probe that cannot listen must not take the service down
  server.listen(socket);
  // Neither must it keep the service alive once the service is done.
  server.unref();
  process.once('exit', () => {
    try {
      unlinkSync(socket);
    } catch {
      // already gone
    }
  });
}
