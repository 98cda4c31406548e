import { newId } from '@tramita/kernel';
import { authEventMessages, type UserAccessChanged } from '@tramita/contracts';
import type { Outbox, SqlExecutor, UnitOfWork } from '@tramita/messaging';
import type { TokenRevocationList } from '@tramita/platform';
import type { AccessRevocations } from '../../application/access-revocations.ts';
import { endSignInsOf } from './oidc-adapter.postgres.ts';

const cause = () => ({ source: 'auth', correlationId: newId(), causationId: null });

/**
 * Publishes revocations on auth.events through auth's transactional outbox, and applies them at
 * once to this process's own list (all-in-one: the list every service consults), so the next
 * request does not depend on how fast the message travels.
 */
export class OutboxAccessRevocations implements AccessRevocations {
  readonly #unitOfWork: UnitOfWork;
  readonly #local: TokenRevocationList | undefined;

  constructor(unitOfWork: UnitOfWork, local?: TokenRevocationList) {
    this.#unitOfWork = unitOfWork;
    this.#local = local;
  }

  async userAccessChanged(username: string, notBefore: Date, reason: UserAccessChanged['reason']): Promise<void> {
    await this.#unitOfWork.run(cause(), async (trx, outbox) => {
      // A disabled user or a new password also ends every sign-in: refreshing no longer works
      // (and re-enabling a user does not bring old sessions back). New roles keep them.
      if (reason !== 'roles-changed') await endSignInsOf(trx, username);
      outbox.send(authEventMessages.UserAccessChanged({ username, notBefore: notBefore.toISOString(), reason }));
    });
    this.#local?.revokeSubjectBefore(username, notBefore.getTime());
  }

  async accessTokenRevoked(jti: string, username: string | null, expiresAt: Date): Promise<void> {
    await this.#unitOfWork.run(cause(), async (_trx, outbox) => {
      outbox.send(authEventMessages.AccessTokenRevoked({ jti, username, expiresAt: expiresAt.toISOString() }));
    });
    this.#local?.revokeToken(jti, expiresAt.getTime());
  }
}

/**
 * Revocations written into a transaction already open (a change of a user or a membership and its
 * revocation commit together); this process's list is told once `afterCommit` runs.
 */
export function revocationsWithin(
  trx: SqlExecutor,
  outbox: Pick<Outbox, 'send'>,
  local: TokenRevocationList | undefined,
  afterCommit: (() => void)[],
): AccessRevocations {
  return {
    async userAccessChanged(username, notBefore, reason) {
      if (reason !== 'roles-changed') await endSignInsOf(trx, username);
      outbox.send(authEventMessages.UserAccessChanged({ username, notBefore: notBefore.toISOString(), reason }));
      afterCommit.push(() => local?.revokeSubjectBefore(username, notBefore.getTime()));
    },
    async accessTokenRevoked(jti, username, expiresAt) {
      outbox.send(authEventMessages.AccessTokenRevoked({ jti, username, expiresAt: expiresAt.toISOString() }));
      afterCommit.push(() => local?.revokeToken(jti, expiresAt.getTime()));
    },
  };
}
