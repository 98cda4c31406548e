import { DomainError, notFound } from '@tramita/kernel';
import { hasRoleIn, type OrganismCaller } from '@tramita/platform';
import { PLATFORM_ADMIN } from '../domain/organism.ts';

export const organismNotFound = (code: string) => notFound('organism-not-found', `There is no organism ${code}.`, { organism: code });

/** A platform administrator (in the default organism) or a service token: manages every organism. */
export const isPlatformAdmin = (caller: OrganismCaller, defaultOrganism: string): boolean =>
  caller.isService || hasRoleIn(caller.memberships, PLATFORM_ADMIN, defaultOrganism);

/** Only a platform administrator creates organisms or changes them. */
export function requirePlatformAdmin(caller: OrganismCaller, defaultOrganism: string): void {
  if (!isPlatformAdmin(caller, defaultOrganism)) {
    throw new DomainError('role-required', 'forbidden', `This operation needs the role ${PLATFORM_ADMIN}.`, { requiredRoles: [PLATFORM_ADMIN] });
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
