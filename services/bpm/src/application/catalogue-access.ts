import { DomainError, notFound } from '@tramita/kernel';
import { canSeeOrganism, hasRoleIn, organismsOf, type OrganismCaller } from '@tramita/platform';
import type { CatalogueReach } from '../domain/procedure-repository.ts';

/** The platform administrator's role, held in the platform's own (default) organism (ADR 0013, point 5). */
export const PLATFORM_ADMIN_ROLE = 'platform-admin';

/** Whose catalogue entries a reader sees besides the shared ones: a service sees all, a person their organisms'. */
export const catalogueReachOf = (caller: OrganismCaller): CatalogueReach => (caller.isService ? 'all' : organismsOf(caller.memberships));

/** Whether the caller sees an entry of `organism`'s catalogue (null: shared, seen by everyone). */
export const seesCatalogueOf = (caller: OrganismCaller, organism: string | null): boolean => organism === null || canSeeOrganism(caller, organism);

/**
 * Lets through who may add to a catalogue (ADR 0013, points 5 and 7): to an organism's, its
 * `admin`; to the shared one (`organism` null), a platform administrator. Someone outside the
 * organism learns nothing of it: the answer is the one a missing organism gets.
 */
export function requireCatalogueAdmin(caller: OrganismCaller, organism: string | null, defaultOrganism: string): void {
  if (organism === null) {
    if (caller.isService || hasRoleIn(caller.memberships, PLATFORM_ADMIN_ROLE, defaultOrganism)) return;
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
