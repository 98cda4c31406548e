import { z } from 'zod';
import { messagingStatusSchema, type MessagingStatusReport } from '@tramita/contracts';
import { readMessagingStatus, type MessageTransport, type SqlExecutor } from '@tramita/messaging';
import { requireRole } from './auth.ts';
import type { HttpApp } from './http-app.ts';

/** Who may read operational state: people with `admin`, and the services client (CronJobs, checks). */
export const OPERATOR_ROLES = ['admin', 'service'] as const;

export { messagingStatusSchema, type MessagingStatusReport } from '@tramita/contracts';

/**
 * `GET /api/admin/<service>/messaging`: what this service has left to do with messages (outbox
 * rows not published, sagas not ended, consumer backlog) and what it gave up on (dead letters
 * with their reason). The gateway's consistency check reads it from every service.
 */
export function registerMessagingAdminRoute(app: HttpApp, options: { service: string; db: SqlExecutor; transport: MessageTransport }): void {
  app.get(
    `/api/admin/${options.service}/messaging`,
    {
      preValidation: requireRole(...OPERATOR_ROLES),
      schema: {
        tags: ['admin'],
        summary: 'Messages left to publish or consume, open sagas and dead letters of this service (admin)',
        querystring: z.object({ deadLetters: z.coerce.number().int().min(0).max(500).default(20).describe('How many recent dead letters to list') }),
        response: { 200: messagingStatusSchema },
      },
    },
    async (request): Promise<MessagingStatusReport> => {
      const status = await readMessagingStatus(options.db, { recentDeadLetters: request.query.deadLetters });
      return { service: options.service, ...status, consumers: await consumerBacklog(options.transport) };
    },
  );
}

async function consumerBacklog(transport: MessageTransport): Promise<MessagingStatusReport['consumers']> {
  if (!transport.backlog) return { available: true, lag: 0, partitions: [] };
  try {
    const partitions = await transport.backlog();
    return { available: true, lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error), lag: 0, partitions: [] };
  }
}
