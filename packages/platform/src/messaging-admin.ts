import { z } from 'zod';
import { readMessagingStatus, type MessageTransport, type SqlExecutor } from '@tramita/messaging';
import { requireRole } from './auth.ts';
import type { HttpApp } from './http-app.ts';

/** Who may read operational state: people with `admin`, and the services client (CronJobs, checks). */
export const OPERATOR_ROLES = ['admin', 'service'] as const;

const instant = z.string().describe('ISO-8601 instant');

export const messagingStatusSchema = z.object({
  service: z.string(),
  outbox: z.object({ pending: z.number().int().describe('Committed messages not yet published'), oldestPendingAt: instant.nullable() }),
  sagas: z.object({
    running: z.number().int(),
    compensating: z.number().int(),
    failed: z.number().int().describe('Sagas whose compensation itself failed: need an operator'),
    oldestOpenAt: instant.nullable(),
  }),
  deadLetters: z.object({
    total: z.number().int(),
    recent: z.array(
      z.object({
        consumer: z.string(),
        messageId: z.string(),
        topic: z.string(),
        type: z.string().nullable(),
        subject: z.string().nullable(),
        reason: z.string(),
        attempts: z.number().int(),
        failedAt: instant,
      }),
    ),
  }),
  consumers: z
    .object({
      available: z.boolean().describe('False when the broker could not be asked; `reason` says why'),
      reason: z.string().optional(),
      lag: z.number().int().describe('Records not yet handled, over every group and partition'),
      partitions: z.array(
        z.object({
          group: z.string(),
          topic: z.string(),
          partition: z.number().int(),
          committed: z.number().int(),
          end: z.number().int(),
          lag: z.number().int(),
        }),
      ),
    })
    .describe("The consumer groups' backlog on the broker (none in the all-in-one mode: the outbox is the log)"),
});

export type MessagingStatusReport = z.infer<typeof messagingStatusSchema>;

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
