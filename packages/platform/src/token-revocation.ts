import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ACCESS_TOKEN_TTL_SECONDS, authEventChannel } from '@tramita/contracts';
import { eventHandlers, inboxConsumer, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import type { Logger } from './logger.ts';
import type { MigrationSet } from './migrations.ts';

/** What the verifier knows of a token that passed its signature and claim checks. */
export interface IssuedToken {
  subject: string;
  jti: string | undefined;
  /**
   * When the token's facts about the user were read: its `user_updated_at` claim (epoch ms), or
   * its `iat` in ms for tokens without one.
   */
  issuedAtMs: number;
}

/** Answers whether a valid token has been revoked since it was issued. */
export interface RevocationCheck {
  isRevoked(token: IssuedToken): boolean;
}

/** A revocation is forgotten once every token it can match has expired (plus the verifier's clock tolerance). */
export const REVOCATION_MEMORY_MS = (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;

/**
 * The access tokens a process refuses before they expire (ADR 0010): per user, tokens issued
 * before a `notBefore`; per token id, revoked tokens. Kept in memory, so the verifier answers
 * without I/O; fed by {@link tokenRevocationFeed}.
 */
export class TokenRevocationList implements RevocationCheck {
  readonly #subjects = new Map<string, number>();
  readonly #tokens = new Map<string, number>();

  /** Refuses `subject`'s tokens issued before `notBeforeMs` (a later revocation wins). */
  revokeSubjectBefore(subject: string, notBeforeMs: number): void {
    this.#subjects.set(subject, Math.max(this.#subjects.get(subject) ?? 0, notBeforeMs));
  }

  /** Refuses the token `jti` until `expiresAtMs`. */
  revokeToken(jti: string, expiresAtMs: number): void {
    this.#tokens.set(jti, Math.max(this.#tokens.get(jti) ?? 0, expiresAtMs));
  }

  isRevoked(token: IssuedToken): boolean {
    if (token.jti !== undefined && this.#tokens.has(token.jti)) return true;
    const notBefore = this.#subjects.get(token.subject);
    return notBefore !== undefined && token.issuedAtMs < notBefore;
  }

  /** Forgets what no valid token can match any more. */
  prune(nowMs: number): void {
    for (const [subject, notBefore] of this.#subjects) if (notBefore + REVOCATION_MEMORY_MS < nowMs) this.#subjects.delete(subject);
    for (const [jti, expiresAt] of this.#tokens) if (expiresAt + 60_000 < nowMs) this.#tokens.delete(jti);
  }

  get size(): number {
    return this.#subjects.size + this.#tokens.size;
  }
}

/** The revocations table every service with a database keeps. */
export const tokenRevocationMigrations: MigrationSet = {
  name: 'token-revocations',
  directory: fileURLToPath(new URL('../migrations/token-revocations', import.meta.url)),
};

type Kind = 'subject' | 'token';
interface Row {
  kind: Kind;
  key: string;
  at: Date | string;
}

async function record(trx: SqlExecutor, kind: Kind, key: string, at: Date, forgetAfter: Date): Promise<void> {
  await sql`insert into token_revocations (kind, key, at, forget_after) values (${kind}, ${key}, ${at}, ${forgetAfter})
    on conflict (kind, key) do update set at = greatest(token_revocations.at, excluded.at),
      forget_after = greatest(token_revocations.forget_after, excluded.forget_after)`.execute(trx);
}

export interface TokenRevocationFeedOptions {
  /** Service name: consumer group `<service>.token-revocations`. */
  service: string;
  db: SqlExecutor;
  unitOfWork: UnitOfWork;
  list: TokenRevocationList;
  logger: Logger;
  /** How often the table is read again, for revocations another replica consumed (default 2 s). */
  refreshEveryMs?: number;
  now?: () => number;
}

export interface TokenRevocationFeed {
  /** Consumes auth.events: records each revocation in the table and in the list. */
  subscription: Subscription;
  /** Loads the table into the list (at start: a restart forgets nothing still in force). */
  load(): Promise<void>;
  /** Reloads and prunes the table and the list every `refreshEveryMs`. */
  start(): void;
  stop(): void;
}

/**
 * Keeps a service's revocation list: durable in its database (a restart forgets nothing), applied
 * to the in-memory list as each message is consumed, and reloaded periodically so replicas that
 * share the consumer group (only one of them consumes each message) all refuse the token.
 */
export function tokenRevocationFeed(options: TokenRevocationFeedOptions): TokenRevocationFeed {
  const now = options.now ?? Date.now;
  const { list, db } = options;
  let timer: NodeJS.Timeout | undefined;

  const load = async () => {
    const rows = await sql<Row>`select kind, key, at from token_revocations where forget_after > ${new Date(now())}`.execute(db);
    for (const row of rows.rows) {
      const at = new Date(row.at).getTime();
      if (row.kind === 'subject') list.revokeSubjectBefore(row.key, at);
      else list.revokeToken(row.key, at);
    }
  };

  const refresh = async () => {
    try {
      await sql`delete from token_revocations where forget_after <= ${new Date(now())}`.execute(db);
      await load();
      list.prune(now());
    } catch (error) {
      options.logger.warn({ err: error }, 'could not reload the token revocation list; retrying');
    }
  };

  const subscription = inboxConsumer({
    group: `${options.service}.token-revocations`,
    source: options.service,
    topics: [authEventChannel.topic],
    unitOfWork: options.unitOfWork,
    handlers: eventHandlers(authEventChannel, {
      UserAccessChanged: async (trx: SqlExecutor, data) => {
        const notBefore = new Date(data.notBefore);
        await record(trx, 'subject', data.username, notBefore, new Date(notBefore.getTime() + REVOCATION_MEMORY_MS));
        list.revokeSubjectBefore(data.username, notBefore.getTime());
      },
      AccessTokenRevoked: async (trx: SqlExecutor, data) => {
        const expiresAt = new Date(data.expiresAt);
        await record(trx, 'token', data.jti, expiresAt, new Date(expiresAt.getTime() + 60_000));
        list.revokeToken(data.jti, expiresAt.getTime());
      },
    }),
  });

  return {
    subscription,
    load,
    start() {
      timer ??= setInterval(() => void refresh(), options.refreshEveryMs ?? 2_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
