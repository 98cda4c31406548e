import { DomainError, notFound } from '@tramita/kernel';
import { hasRoleIn, isPlatformAdmin, PLATFORM_ADMIN_ROLE, type OrganismCaller } from '@tramita/platform';

export const organismNotFound = (code: string) => notFound('organism-not-found', `There is no organism ${code}.`, { organism: code });

/** Only a platform administrator creates organisms or changes them. */
export function requirePlatformAdmin(caller: OrganismCaller, defaultOrganism: string): void {
  if (!isPlatformAdmin(caller, defaultOrganism)) {
    throw new DomainError('role-required', 'forbidden', `This operation needs the role ${PLATFORM_ADMIN_ROLE}.`, { requiredRoles: [PLATFORM_ADMIN_ROLE] });
  }
}

/**
 * Lets through an administrator of `organism` (or a platform administrator). Someone outside it
 * learns nothing: the answer is the one a missing organism gets; a member without the role is told
 * which role it takes (ADR 0013).
 */
export function requireAdminOf(caller: OrganismCaller, organism: string, defaultOrganism: string): void {
  if (isPlatformAdmin(caller, defaultOrganism) || hasRoleIn(caller.memberships, 'admin', organism)) return;
  if (!caller.memberships.some((membership) => membership.organism === organism)) throw organismNotFound(organism);
  throw new DomainError('role-required', 'forbidden', `This operation needs the role admin in organism ${organism}.`, { requiredRoles: ['admin'] });
}

/** Whether the caller administers `organism` (a platform administrator administers every one). */
export const administers = (caller: OrganismCaller, organism: string, defaultOrganism: string): boolean =>
  isPlatformAdmin(caller, defaultOrganism) || hasRoleIn(caller.memberships, 'admin', organism);

/**
 * Whether the caller may change the account itself (names, enabling, password) through `organism`:
 * an account the organism owns, i.e. a member of it holding no role in the platform's own
 * organism and every one of whose stored memberships is in organisms the caller administers. An
 * account anyone else also answers for stays with the platform's administrators (`/api/users`).
 */
export function managesAccount(
  caller: OrganismCaller,
  organism: string,
  defaultOrganism: string,
  account: { roles: readonly string[]; memberships: readonly { organism: string }[] },
): boolean {
  return (
    organism !== defaultOrganism &&
    account.roles.length === 0 &&
    account.memberships.some((membership) => membership.organism === organism) &&
    account.memberships.every((membership) => membership.organism !== defaultOrganism && administers(caller, membership.organism, defaultOrganism))
  );
}
