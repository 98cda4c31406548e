import { SERVICES_WITH_DATABASE, type RunningService, type ServiceContext, type ServiceName } from '@tramita/platform';
import { start as startAuth } from '@tramita/auth';
import { start as startBpm } from '@tramita/bpm';
import { start as startDocs } from '@tramita/docs';
import { start as startFiles } from '@tramita/files';
import { start as startGateway } from '@tramita/gateway';
import { start as startIndex } from '@tramita/index';

export type ServiceStarter = (ctx: ServiceContext) => Promise<RunningService>;

/** Every service's composition root, by name. */
export const starters: Record<ServiceName, ServiceStarter> = {
  auth: startAuth,
  files: startFiles,
  bpm: startBpm,
  docs: startDocs,
  index: startIndex,
  gateway: startGateway,
};

/** Services that publish or consume messages (need a shared transport); auth publishes auth.events (ADR 0010). */
export const messagingServices: readonly ServiceName[] = SERVICES_WITH_DATABASE;
