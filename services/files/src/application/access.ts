import { DomainError, refusedAccess, validationError, type Actor } from '@tramita/kernel';
import { canSeeOrganism, hasRoleIn, type Membership } from '@tramita/platform';
import { fileNotFound } from './file-not-found.ts';

/** Who asks: the person (or service) and what they may do in each organism (ADR 0013). */
export interface Caller extends Actor {
  memberships: Membership[];
  /** A service token (client credentials) acts for the platform, in every organism. */
  isService: boolean;
}

/**
 * Lets through a caller who holds `role` in the expediente's organism. Someone outside that
 * organism learns nothing: the answer is the one a missing expediente gets. A member without
 * the role is told which role it takes.
 */
export function requireRoleOnFile(caller: Caller, role: string, file: { code: string; organism: string }): void {
  if (!canSeeOrganism(caller, file.organism)) throw refusedAccess(fileNotFound(file.code), { organism: file.organism, fileCode: file.code });
  if (!hasRoleIn(caller.memberships, role, file.organism)) {
    throw new DomainError('role-required', 'forbidden', `This operation needs the role ${role} in the expediente's organism.`, { requiredRoles: [role] });
  }
}

/**
 * The organism a new expediente belongs to: the one asked for, which the caller must be a
 * `tramitador` of; or, when none is asked for, the only organism where the caller is one.
 */
export function organismForNewFile(caller: Caller, requested: string | undefined): string {
  const allowed = caller.memberships.filter((m) => m.roles.includes('tramitador')).map((m) => m.organism);
  if (requested !== undefined) {
    if (!allowed.includes(requested)) {
      throw new DomainError('role-required', 'forbidden', `Creating an expediente in organism ${requested} needs the role tramitador there.`, {
        requiredRoles: ['tramitador'],
      });
    }
    return requested;
  }
  if (allowed.length === 1) return allowed[0]!;
  if (allowed.length === 0) {
    throw new DomainError('role-required', 'forbidden', 'Creating an expediente needs the role tramitador in an organism.', { requiredRoles: ['tramitador'] });
  }
  throw validationError('organism-required', `Say which organism the expediente belongs to: you create them in ${allowed.join(', ')}.`, { field: 'organism' });
}

/**
 * The responsible unit of a new expediente (ADR 0013): the one asked for, which must be one of the
 * caller's units in that organism (a platform service may name any); or, when none is asked for,
 * the caller's only unit there; else none.
 */
export function unitForNewFile(caller: Caller, organism: string, requested: string | undefined): string | null {
  const units = caller.memberships.find((membership) => membership.organism === organism)?.units ?? [];
  if (requested !== undefined) {
    if (!caller.isService && !units.includes(requested)) {
      throw new DomainError('unit-not-yours', 'forbidden', `You do not belong to unit ${requested} of organism ${organism}.`, { field: 'unit' });
    }
    return requested;
  }
  return units.length === 1 ? units[0]! : null;
}
