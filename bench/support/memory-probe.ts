import { unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

/**
 * Preloaded (`node --import`) into the system under test so the benchmark reads the heap of a
 * process it does not share. Touches nothing else; no service code knows about it.
 *
 * - A child with an IPC channel (all-in-one) answers `{ type: 'memory?' }` with
 *   process.memoryUsage().
 * - A child without one (the distributed stack's services) answers any HTTP request on the Unix
 *   socket `$TRAMITA_BENCH_PROBE_DIR/<pid>.sock` with process.memoryUsage() as JSON: no port,
 *   reachable only through the file system, and the pid names the process.
 */
const probeDir = process.env.TRAMITA_BENCH_PROBE_DIR;

if (process.send) {
  process.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'memory?') {
      process.send?.({ type: 'memory', usage: process.memoryUsage() });
    }
  });
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
} else if (probeDir) {
  const socket = join(probeDir, `${process.pid}.sock`);
  const server = createServer((_request, response) => {
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
