import { createHttpApp, type HttpApp, type HttpAppOptions } from './http-app.ts';
import type { MigrationSet } from './migrations.ts';
import { listenForMetrics } from './metrics-listener.ts';
import { listen, openServiceInfrastructure, type RunningService, type ServiceContext, type ServiceInfrastructure } from './service-runtime.ts';

type Close = () => unknown;

/**
 * What a service opened while starting (database, blob store, HTTP app, consumers, timers), each
 * with how to close it. Closed in the reverse order of opening: on a failed start, so nothing is
 * left open, and on stop. One failing close does not keep the others open.
 */
export class OpenedResources {
  readonly #opened: { name: string; close: Close }[] = [];

  /** Opens something and remembers how to close it; nothing is remembered when opening fails. */
  async open<T>(name: string, opening: () => Promise<T> | T, close: (value: T) => unknown): Promise<T> {
    const value = await opening();
    this.#opened.push({ name, close: () => close(value) });
    return value;
  }

  /** Remembers how to close something already running (a timer, a stream registry). */
  onClose(name: string, close: Close): void {
    this.#opened.push({ name, close });
  }

  /** Closes everything, last opened first, and returns what failed to close. */
  async closeAll(): Promise<Error[]> {
    const failures: Error[] = [];
    for (const { name, close } of this.#opened.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        failures.push(new Error(`Closing ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    }
    return failures;
  }
}

/** A composed service, ready to listen. */
export interface ComposedService {
  app: HttpApp;
  /** Starts what must wait for the HTTP server (consumers, sweepers); register their closing on `resources`. */
  afterListen?: (url: string) => Promise<void>;
  /** Logged with the start message. */
  details?: Record<string, unknown>;
}

/**
 * The start-up every service shares: compose (opening resources through `resources`), listen,
 * start what waits for the server, log once. A failed start closes everything it opened, in
 * reverse order, and rethrows the failure; `stop()` closes the same way.
 */
export async function startService(ctx: ServiceContext, compose: (resources: OpenedResources) => Promise<ComposedService>): Promise<RunningService> {
  const resources = new OpenedResources();
  try {
    const composed = await compose(resources);
    const url = await listen(composed.app, ctx);
    if (ctx.listen.metricsPort !== undefined) {
      const metrics = await listenForMetrics(composed.app, ctx.listen.host, ctx.listen.metricsPort);
      resources.onClose('metrics listener', () => metrics.close());
      ctx.logger.info({ url: `${metrics.url}/metrics` }, 'metrics served on their own port');
    }
    await composed.afterListen?.(url);
    ctx.logger.info({ url, ...composed.details }, `${ctx.name} started`);
    return {
      name: ctx.name,
      url,
      app: composed.app,
      async stop() {
        const failures = await resources.closeAll();
        if (failures.length > 0) throw new AggregateError(failures, `${ctx.name} did not stop cleanly`);
      },
    };
  } catch (error) {
    for (const failure of await resources.closeAll()) ctx.logger.warn({ err: failure }, 'closing after a failed start failed');
    throw error;
  }
}

/**
 * Opens the service's HTTP app (named, logged and guarded by token as the context says) so that
 * it is closed with everything else; `close` replaces the plain close (the gateway cuts hanging
 * proxied requests after a grace period).
 */
export function openHttpApp(
  resources: OpenedResources,
  ctx: ServiceContext,
  options: Omit<HttpAppOptions, 'service' | 'logger' | 'verifyToken'>,
  close: (app: HttpApp) => Promise<void> = (app) => app.close(),
): Promise<HttpApp> {
  return resources.open(
    'http server',
    () => createHttpApp({ service: ctx.name, logger: ctx.logger, verifyToken: ctx.verifyToken, defaultOrganism: ctx.auth.defaultOrganism, ...options }),
    close,
  );
}

/** Opens the service's database and messaging (migrations, outbox relay, consumers) so that they are closed with everything else. */
export function openInfrastructure<DB>(resources: OpenedResources, ctx: ServiceContext, migrations: MigrationSet[]): Promise<ServiceInfrastructure<DB>> {
  return resources.open(
    'database and messaging',
    () => openServiceInfrastructure<DB>(ctx, migrations),
    (infra) => infra.close(),
  );
}

/**
 * Gives the rows a service wrote before organisms existed to the installation's default organism
 * (ADR 0013), at start, and logs how many; `what` names them in the log ("expedientes").
 */
export async function adoptIntoDefaultOrganism(ctx: ServiceContext, what: string, adopt: (organism: string) => Promise<number>): Promise<void> {
  const organism = ctx.auth.defaultOrganism;
  const adopted = await adopt(organism);
  if (adopted > 0) ctx.logger.info({ adopted, organism }, `${what} without an organism given to the default organism`);
}
