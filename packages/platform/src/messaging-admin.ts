import { z } from 'zod';
import { messagingStatusSchema, type MessagingStatusReport } from '@tramita/contracts';
import { readMessagingStatus, type MessageTransport, type SqlExecutor } from '@tramita/messaging';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@tramita/kernel';
import { principalOf } from './auth.ts';
import { hasRoleIn, isPlatformAdmin, PLATFORM_ADMIN_ROLE } from './memberships.ts';
import type { HttpApp } from './http-app.ts';

/** Who may read operational state: people with `admin`, and the services client (CronJobs, checks). */
export const OPERATOR_ROLES = ['admin', 'service'] as const;

/**
 * A preValidation for the platform's operational state (messaging, dead letters, reconciliation
 * pages, the consistency check, read-model counts), which spans every organism: the services
 * client, a `platform-admin` or an `admin` of the platform's own organism. An organism's own
 * administrator is refused, since these pages name other organisms' expedientes (ADR 0013).
 */
export function requirePlatformOperator(defaultOrganism: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = principalOf(request);
    if (principal.isService || isPlatformAdmin(principal, defaultOrganism) || hasRoleIn(principal.memberships, 'admin', defaultOrganism)) return;
    throw new DomainError(
      'role-required',
      'forbidden',
      `Operational state spans every organism: it needs the role admin or platform-admin in ${defaultOrganism}.`,
      {
        requiredRoles: ['admin', PLATFORM_ADMIN_ROLE],
      },
    );
  };
}

export { messagingStatusSchema, type MessagingStatusReport } from '@tramita/contracts';

/**
 * `GET /api/admin/<service>/messaging`: what this service has left to do with messages (outbox
 * rows not published, sagas not ended, consumer backlog) and what it gave up on (dead letters
 * with their reason). The gateway's consistency check reads it from every service.
 */
export function registerMessagingAdminRoute(
  app: HttpApp,
  options: { service: string; db: SqlExecutor; transport: MessageTransport; defaultOrganism: string },
): void {
  app.get(
    `/api/admin/${options.service}/messaging`,
    {
      preValidation: requirePlatformOperator(options.defaultOrganism),
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
