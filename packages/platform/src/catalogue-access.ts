import { DomainError, notFound } from '@tramita/kernel';
import { canSeeOrganism, hasRoleIn, isPlatformAdmin, organismsOf, PLATFORM_ADMIN_ROLE, type OrganismCaller } from './memberships.ts';

/**
 * Catalogues (initial options, procedures and every one added later) are per organism, with
 * shared entries (`organism` null) that every organism sees (ADR 0013, point 7). These rules are
 * the same in every service that keeps one.
 */

/** Whose entries a reader sees besides the shared ones: a service every organism's, a person their organisms'. */
export const catalogueReachOf = (caller: OrganismCaller): 'all' | readonly string[] => (caller.isService ? 'all' : organismsOf(caller.memberships));

/** Whether the caller sees an entry of `organism`'s catalogue (null: shared, seen by everyone). */
export const seesCatalogueOf = (caller: OrganismCaller, organism: string | null): boolean => organism === null || canSeeOrganism(caller, organism);

/**
 * Lets through who may add to a catalogue (ADR 0013, points 5 and 7): to an organism's, its
 * `admin`; to the shared one (`organism` null), a platform administrator. Someone outside the
 * organism learns nothing of it: the answer is the one a missing organism gets.
 */
export function requireCatalogueAdmin(caller: OrganismCaller, organism: string | null, defaultOrganism: string): void {
  if (organism === null) {
    if (isPlatformAdmin(caller, defaultOrganism)) return;
    throw new DomainError('role-required', 'forbidden', `Adding to the catalogue shared by every organism needs the role ${PLATFORM_ADMIN_ROLE}.`, {
      requiredRoles: [PLATFORM_ADMIN_ROLE],
    });
  }
  if (!canSeeOrganism(caller, organism)) throw notFound('organism-not-found', `There is no organism ${organism}.`, { organism });
  if (caller.isService || hasRoleIn(caller.memberships, 'admin', organism)) return;
  throw new DomainError('role-required', 'forbidden', `Adding to the catalogue of organism ${organism} needs the role admin there.`, {
    requiredRoles: ['admin'],
  });
}
