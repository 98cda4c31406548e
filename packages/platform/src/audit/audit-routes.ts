import type { FastifyRequest } from 'fastify';
import { DomainError, forbidden } from '@tramita/kernel';
import { auditEntryListSchema, auditExportQuerySchema, auditQuerySchema, type AuditEntryResource } from '@tramita/contracts';
import type { SqlExecutor } from '@tramita/messaging';
import { principalOf } from '../auth.ts';
import type { HttpApp } from '../http-app.ts';
import type { Logger } from '../logger.ts';
import { isPlatformAdmin, type Membership } from '../memberships.ts';
import { checkpointAudit, exportAuditLines, readAudit, type AuditFilter } from './audit-log.ts';
import type { AuditRecord } from './audit-entry.ts';
import { auditedBy, type AuditTrail } from './audit-trail.ts';

/** Whose entries a caller may read: every organism's (and none's), or those it administers. */
export type AuditReach = { all: true } | { all: false; organisms: string[] };

/**
 * A platform administrator (in the default organism) and a service token read every entry; an
 * organism's `admin` reads that organism's; anyone else is refused (ADR 0014).
 */
export function auditReachOf(caller: { isService: boolean; memberships: readonly Membership[] }, defaultOrganism: string): AuditReach {
  if (isPlatformAdmin(caller, defaultOrganism)) return { all: true };
  const organisms = caller.memberships.filter((membership) => membership.roles.includes('admin')).map((membership) => membership.organism);
  if (organisms.length === 0)
    throw new DomainError('role-required', 'forbidden', 'Reading the audit trail needs the role admin in an organism.', { requiredRoles: ['admin'] });
  return { all: false, organisms };
}

/** The record as the admin API shows it: every field but the previous hash (the export carries it). */
const resourceOf = ({ prevHash: _prevHash, ...record }: AuditRecord): AuditEntryResource => ({ ...record, at: record.at.toISOString() });

/**
 * `GET /api/admin/<service>/audit` (the entries the caller may read, filtered in the query) and
 * `GET /api/admin/<service>/audit/export` (a range of the chain as JSON Lines, other organisms'
 * entries redacted), for `tramita audit verify` and the admin page.
 */
export function registerAuditRoutes(app: HttpApp, options: { service: string; db: SqlExecutor; defaultOrganism: string }): void {
  app.get(
    `/api/admin/${options.service}/audit`,
    {
      schema: {
        tags: ['admin'],
        summary: "This service's audit entries that the caller administers, oldest first (admin of an organism, or platform administrator)",
        querystring: auditQuerySchema,
        response: { 200: auditEntryListSchema },
      },
    },
    async (request) => {
      const reach = auditReachOf(principalOf(request), options.defaultOrganism);
      const { limit, ...filter } = request.query;
      if (!reach.all && filter.organism !== undefined && !reach.organisms.includes(filter.organism)) return { service: options.service, items: [] };
      const records = await readAudit(options.db, { ...filter, ...(reach.all ? {} : { organisms: reach.organisms }), limit });
      return { service: options.service, items: records.map(resourceOf) };
    },
  );

  app.get(
    `/api/admin/${options.service}/audit/export`,
    {
      schema: {
        tags: ['admin'],
        summary:
          'A range of the audit chain as JSON Lines for `tramita audit verify`; entries of organisms the caller does not administer are redacted to their place in the chain',
        querystring: auditExportQuerySchema,
        produces: ['application/x-ndjson'],
      },
    },
    async (request, reply) => {
      const reach = auditReachOf(principalOf(request), options.defaultOrganism);
      const filter: AuditFilter = request.query;
      if (!reach.all && filter.organism !== undefined && !reach.organisms.includes(filter.organism))
        throw forbidden('organism-not-administered', `You do not administer organism ${filter.organism}.`);
      const readable = reach.all ? () => true : (organism: string | null) => organism !== null && reach.organisms.includes(organism);
      // An organism's administrator exports the range of their own entries (a file code of another
      // organism gives no range, rather than one made only of redacted entries).
      const bounds: AuditFilter = reach.all ? filter : { ...filter, organisms: reach.organisms };
      let text = '';
      for await (const line of exportAuditLines(options.db, bounds, { readable })) text += `${line}\n`;
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${options.service}.jsonl"`)
        .header('cache-control', 'no-store')
        .send(text);
    },
  );
}

/**
 * Records `access.refused` for every request refused with a 403 or with the 404 that hides a
 * record from an outsider (an error marked by kernel's `refusedAccess`). The caller's answer is
 * unchanged; a failure to record is logged, never shown.
 */
export function recordRefusals(app: HttpApp, trail: AuditTrail<unknown>): void {
  app.addHook('onError', async (request: FastifyRequest, _reply, error) => {
    if (!(error instanceof DomainError) || !request.principal) return;
    if (error.refusal === undefined && error.category !== 'forbidden') return;
    try {
      await trail.recordAlone(
        {
          action: 'access.refused',
          organism: error.refusal?.organism ?? null,
          fileCode: error.refusal?.fileCode ?? null,
          outcome: 'refused',
          details: { method: request.method, route: request.routeOptions.url ?? null, code: error.code },
        },
        auditedBy(request),
      );
    } catch (failure) {
      request.log.error({ err: failure }, 'could not record a refused access in the audit trail');
    }
  });
}

/** Checkpoints the chain's head every `intervalMs` (and once at once); stop() ends it. */
export function startAuditCheckpoints(db: SqlExecutor, intervalMs: number, logger: Logger): { stop(): void } {
  const run = () => checkpointAudit(db).catch((error: unknown) => logger.warn({ err: error }, 'audit checkpoint failed; trying again at the next interval'));
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
