import { SERVICES_WITH_DATABASE, type RunningService, type ServiceContext, type ServiceName } from '@tramita/platform';

export type ServiceStarter = (ctx: ServiceContext) => Promise<RunningService>;

/**
 * Every service's composition root, by name, loaded when it is started: a process that runs one
 * service (`tramita start --target`) holds that service's code and dependencies only, not the
 * other five's (ADR 0018: memory of a distributed service).
 */
export const starters: Record<ServiceName, ServiceStarter> = {
  auth: async (ctx) => (await import('@tramita/auth')).start(ctx),
  files: async (ctx) => (await import('@tramita/files')).start(ctx),
  bpm: async (ctx) => (await import('@tramita/bpm')).start(ctx),
  docs: async (ctx) => (await import('@tramita/docs')).start(ctx),
  index: async (ctx) => (await import('@tramita/index')).start(ctx),
  gateway: async (ctx) => (await import('@tramita/gateway')).start(ctx),
};

/** Services that publish or consume messages (need a shared transport); auth publishes auth.events (ADR 0010). */
export const messagingServices: readonly ServiceName[] = SERVICES_WITH_DATABASE;
