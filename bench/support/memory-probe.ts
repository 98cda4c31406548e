/**
 * Preloaded (`node --import`) into the system under test when it runs as a child with an IPC
 * channel: answers `{ type: 'memory?' }` with process.memoryUsage(), so the benchmark reads the
 * heap of a process it does not share. Touches nothing else; no service code knows about it.
 */
if (process.send) {
  process.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'memory?') {
      process.send?.({ type: 'memory', usage: process.memoryUsage() });
    }
  });
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
}
