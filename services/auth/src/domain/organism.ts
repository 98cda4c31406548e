import { isDir3Code, validationError } from '@tramita/kernel';
import { NAME_MAX, USER_ROLES, type UserRole } from './user.ts';

/** An organism of the installation (a DIR3 code: consejería, agency, town hall) and its state. */
export interface Organism {
  code: string;
  name: string;
  active: boolean;
  createdAt: Date;
}

/** A unit of an organism (a DIR3 code too). */
export interface Unit {
  organism: string;
  code: string;
  name: string;
  active: boolean;
}

/** What a person may do in one organism (ADR 0013): roles there and units they belong to. */
export interface Membership {
  organism: string;
  roles: UserRole[];
  units: string[];
}

/** Manages organisms: held in the platform's own (default) organism only. */
export const PLATFORM_ADMIN = 'platform-admin';

const UNSAFE_NAME_CHARACTER = /[\p{C}\p{Zl}\p{Zp}]/u;

/** A DIR3 code as typed (upper-cased), or a readable refusal naming the field. */
export function dir3Code(value: string, field: string): string {
  const code = value.trim().toUpperCase();
  if (!isDir3Code(code)) throw validationError('invalid-dir3-code', `${field} must be a DIR3 code: 9 letters or digits, starting with a letter.`, { field });
  return code;
}

/** A name of an organism or unit: trimmed, 1 to 200 characters, no control or invisible characters. */
export function catalogueName(value: string, field = 'name'): string {
  const name = value.trim();
  if (name.length === 0 || name.length > NAME_MAX * 2 || UNSAFE_NAME_CHARACTER.test(name)) {
    throw validationError('invalid-name', `The ${field} must have 1 to ${NAME_MAX * 2} visible characters.`, { field });
  }
  return name;
}

/** Roles a membership may hold: at least one of the user roles; `platform-admin` only in the default organism. */
export function membershipRoles(roles: readonly string[], organism: string, defaultOrganism: string): UserRole[] {
  // A membership without roles grants nothing: taking someone out is a removal, not an empty set.
  if (roles.length === 0) throw validationError('roles-required', 'Give the member at least one role (or remove them from the organism).', { field: 'roles' });
  const unknown = roles.filter((role) => !(USER_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw validationError('unknown-role', `Unknown roles: ${unknown.join(', ')}.`, { unknown, allowed: [...USER_ROLES] });
  if (roles.includes(PLATFORM_ADMIN) && organism !== defaultOrganism) {
    throw validationError('platform-admin-elsewhere', `${PLATFORM_ADMIN} is held in the platform's own organism (${defaultOrganism}) only.`, {
      field: 'roles',
    });
  }
  return USER_ROLES.filter((role) => roles.includes(role));
}
