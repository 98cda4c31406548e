import type { UserAccessChanged } from '@tramita/contracts';

/**
 * Tells every service which access tokens to refuse before they expire (ADR 0010): published on
 * auth.events through auth's outbox.
 */
export interface AccessRevocations {
  /** Every token of `username` that carries facts older than `notBefore` is refused. */
  userAccessChanged(username: string, notBefore: Date, reason: UserAccessChanged['reason']): Promise<void>;
  /** The access token `jti` is refused until it expires. */
  accessTokenRevoked(jti: string, username: string | null, expiresAt: Date): Promise<void>;
}

interface AccessFacts {
  enabled: boolean;
  roles: readonly string[];
}

/** Why a change of a user takes away access its tokens state, if it does. */
export function accessChangeReason(before: AccessFacts, after: AccessFacts, passwordChanged: boolean): UserAccessChanged['reason'] | undefined {
  // The strongest first: a disabled user or a new password also ends the user's sign-ins.
  if (before.enabled && !after.enabled) return 'disabled';
  if (passwordChanged) return 'password-changed';
  const sameRoles = before.roles.length === after.roles.length && before.roles.every((role) => after.roles.includes(role));
  return sameRoles ? undefined : 'roles-changed';
}
