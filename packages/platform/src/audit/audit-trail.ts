import type { FastifyRequest } from 'fastify';
import type { SqlExecutor, TransactionalDatabase } from '@tramita/messaging';
import { appendAudit } from './audit-log.ts';
import type { AuditActor, AuditDetails, AuditEntryInput, AuditOutcome } from './audit-entry.ts';

/** What happened, as the use case that did it knows it (ADR 0014). */
export interface AuditFact {
  /** `<object>.<verb>`: `file.create`, `document.download`, `access.refused`. */
  action: string;
  organism?: string | null;
  fileCode?: string | null;
  /** `success` unless said otherwise. */
  outcome?: AuditOutcome;
  /** Small facts (ids, a new phase): never secrets, document contents or personal data beyond a document number. */
  details?: AuditDetails;
}

/** Who did it, from where, in which request: built by the route ({@link auditedBy}). */
export interface AuditedBy {
  actor: AuditActor;
  correlationId: string;
  sourceAddress: string | null;
}

/**
 * A service's audit trail (ADR 0014). `record` appends inside the transaction that makes the
 * change, so both commit or neither does; `recordAlone` appends in a transaction of its own, for
 * what changes nothing (a read of personal data, a refusal, a login).
 */
export interface AuditTrail<Tx> {
  record(trx: Tx, fact: AuditFact, by: AuditedBy): Promise<void>;
  recordAlone(fact: AuditFact, by: AuditedBy): Promise<void>;
}

/** The trail inside one transaction, as a unit of work hands it to a use case. */
export interface AuditRecorder {
  record(fact: AuditFact, by: AuditedBy): Promise<void>;
}

/** `trail` bound to `trx`: what the use case running in `trx` records commits with it. */
export const auditRecorderIn = <Tx>(trail: AuditTrail<Tx>, trx: Tx): AuditRecorder => ({ record: (fact, by) => trail.record(trx, fact, by) });

/** The attribution fields of a person (a principal also carries its token: never recorded). */
const attributionOf = (actor: AuditActor): AuditActor =>
  'system' in actor ? { system: actor.system } : { username: actor.username, displayName: actor.displayName };

/** The entry for `fact` by `by` in `service`. */
export function auditEntryOf(service: string, fact: AuditFact, by: AuditedBy): AuditEntryInput {
  return {
    service,
    actor: attributionOf(by.actor),
    action: fact.action,
    organism: fact.organism ?? null,
    fileCode: fact.fileCode ?? null,
    sourceAddress: by.sourceAddress,
    outcome: fact.outcome ?? 'success',
    correlationId: by.correlationId,
    ...(fact.details ? { details: fact.details } : {}),
  };
}

/** The trail kept in the service's own database (platform's audit_log, one chain per database). */
export class SqlAuditTrail implements AuditTrail<SqlExecutor> {
  readonly #service: string;
  readonly #db: TransactionalDatabase<SqlExecutor>;

  constructor(service: string, db: TransactionalDatabase<SqlExecutor>) {
    this.#service = service;
    this.#db = db;
  }

  async record(trx: SqlExecutor, fact: AuditFact, by: AuditedBy): Promise<void> {
    await appendAudit(trx, auditEntryOf(this.#service, fact, by));
  }

  async recordAlone(fact: AuditFact, by: AuditedBy): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await appendAudit(trx, auditEntryOf(this.#service, fact, by));
    });
  }
}

/** The entries a test's in-memory service recorded, in order (`record` ignores the transaction). */
export class InMemoryAuditTrail implements AuditTrail<unknown> {
  readonly entries: AuditEntryInput[] = [];
  readonly #service: string;

  constructor(service: string) {
    this.#service = service;
  }

  async record(_trx: unknown, fact: AuditFact, by: AuditedBy): Promise<void> {
    this.entries.push(auditEntryOf(this.#service, fact, by));
  }

  async recordAlone(fact: AuditFact, by: AuditedBy): Promise<void> {
    this.entries.push(auditEntryOf(this.#service, fact, by));
  }
}

/**
 * Who made `request`: the verified principal (only its attribution), the request id that every
 * log line and message of this request carries, and the client's address as the gateway
 * forwarded it (X-Forwarded-For; the services trust the mesh in front of them).
 */
export function auditedBy(request: FastifyRequest): AuditedBy {
  const principal = request.principal;
  return {
    actor: principal ? { username: principal.username, displayName: principal.displayName } : { system: 'anonymous' },
    correlationId: request.id,
    sourceAddress: request.ip || null,
  };
}
