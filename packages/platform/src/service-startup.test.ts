import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenedResources, openHttpApp, startService } from './service-startup.ts';
import { createTestIssuer, testServiceContext } from './testing.ts';

describe('a service start-up', () => {
  let blocker: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  async function takenPort(): Promise<number> {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  it('closes everything it opened, last first, when listening fails, and rethrows why', async () => {
    const issuer = await createTestIssuer();
    const ctx = testServiceContext('bpm', issuer, { listen: { host: '127.0.0.1', port: await takenPort() } });
    const closed: string[] = [];
    const start = startService(ctx, async (resources) => {
      await resources.open(
        'database',
        () => 'db',
        () => closed.push('database'),
      );
      const app = await openHttpApp(resources, ctx, {});
      resources.onClose('streams', () => closed.push('streams'));
      return { app };
    });
    await expect(start).rejects.toThrow(/EADDRINUSE|address already in use/i);
    expect(closed).toEqual(['streams', 'database']);
  });

  it('closes what it opened when composing fails half-way, and keeps closing past a failing close', async () => {
    const issuer = await createTestIssuer();
    const closed: string[] = [];
    const start = startService(testServiceContext('docs', issuer), async (resources) => {
      await resources.open(
        'blob store',
        () => 'blobs',
        () => closed.push('blob store'),
      );
      await resources.open(
        'database',
        () => 'db',
        () => {
          throw new Error('pool already gone');
        },
      );
      await resources.open(
        'broken',
        () => Promise.reject(new Error('bucket missing')),
        () => closed.push('never opened'),
      );
      throw new Error('unreachable');
    });
    await expect(start).rejects.toThrow('bucket missing');
    expect(closed).toEqual(['blob store']);
  });

  it('starts what waits for the server after it listens, and stops everything in reverse order', async () => {
    const issuer = await createTestIssuer();
    const ctx = testServiceContext('index', issuer);
    const events: string[] = [];
    const running = await startService(ctx, async (resources) => {
      await resources.open(
        'database',
        () => 'db',
        () => events.push('close database'),
      );
      const app = await openHttpApp(resources, ctx, {});
      return {
        app,
        afterListen: async (url) => {
          events.push(`consumers after ${new URL(url).protocol}`);
          resources.onClose('consumers', () => events.push('close consumers'));
        },
      };
    });
    expect((await fetch(`${running.url}/health/live`)).status).toBe(200);
    await running.stop();
    expect(events).toEqual(['consumers after http:', 'close consumers', 'close database']);
    await expect(fetch(`${running.url}/health/live`)).rejects.toThrow();
  });

  it('reports every close that failed when stopping, after trying them all', async () => {
    const resources = new OpenedResources();
    const closed: string[] = [];
    resources.onClose('first', () => closed.push('first'));
    resources.onClose('second', () => Promise.reject(new Error('stuck')));
    resources.onClose('third', () => closed.push('third'));
    const failures = await resources.closeAll();
    expect(closed).toEqual(['third', 'first']);
    expect(failures.map((failure) => failure.message)).toEqual(['Closing second failed: stuck']);
    expect(await resources.closeAll()).toEqual([]);
  });
});
