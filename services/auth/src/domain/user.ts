import { displayName, newId, validationError } from '@tramita/kernel';

/**
 * The roles a person can hold (DESIGN.md §6), and `platform-admin`, who manages organisms and is
 * held in the platform's own (default) organism only (ADR 0013).
 */
export const USER_ROLES = ['tramitador', 'tecnico', 'validador', 'admin', 'consulta', 'platform-admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './password-policy.ts';

const USERNAME = /^[a-z0-9._-]{3,32}$/;
export const NAME_MAX = 100;
/**
 * Characters no name may carry: control characters (ANSI escapes start with one), format
 * characters (bidi overrides and isolates reorder what an administrator reads), private-use and
 * unassigned code points, and line or paragraph separators.
 */
const UNSAFE_NAME_CHARACTER = /[\p{C}\p{Zl}\p{Zp}]/u;

/** Everything stored about a person who can log in. */
export interface UserSnapshot {
  /** Internal identifier (UUIDv7). */
  id: string;
  /** Unique, lowercase, 3–32 characters of [a-z0-9._-]; never changes. */
  username: string;
  /** First name(s). */
  givenName: string;
  /** Surname(s) ("Apellidos"). */
  familyName: string;
  roles: UserRole[];
  /** Disabled users cannot log in nor refresh tokens. */
  enabled: boolean;
  /** Argon2id hash, never leaves the service. */
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  givenName: string;
  familyName: string;
  roles: readonly string[];
  passwordHash: string;
  /** The person is (or is being made) a member of another organism: their `roles` here may then be empty. */
  memberElsewhere?: boolean;
}

export interface UserChanges {
  givenName?: string;
  familyName?: string;
  roles?: readonly string[];
  enabled?: boolean;
  /** Whether the person holds a membership of another organism, when `roles` changes: only then may they be empty. */
  memberElsewhere?: boolean;
}

/** Lowercases and trims a user name as typed; the result still has to be valid. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Whether a (normalized) name is one a user can have: 3 to 32 characters among [a-z0-9._-]. */
export function isValidUsername(username: string): boolean {
  return USERNAME.test(username);
}

export function assertValidUsername(username: string): void {
  if (!isValidUsername(username)) {
    throw validationError('invalid-username', 'The user name must be 3 to 32 characters among a-z, 0-9, ".", "_" and "-".', {
      username,
    });
  }
}

/**
 * Known roles in the platform's own organism. At least one, unless the person is a member of another
 * organism (an account that organism's administrators made, ADR 0013): someone with no role anywhere
 * could log in and do nothing, which is never intended.
 */
export function parseRoles(roles: readonly string[], memberElsewhere = false): UserRole[] {
  if (roles.length === 0 && !memberElsewhere) {
    throw validationError('roles-required', 'Give the user at least one role (or a membership of another organism).', { allowed: [...USER_ROLES] });
  }
  const unknown = roles.filter((role) => !(USER_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) {
    throw validationError('unknown-role', `Unknown roles: ${unknown.join(', ')}.`, { unknown, allowed: [...USER_ROLES] });
  }
  // Keep the canonical order so equal role sets compare and display the same.
  return USER_ROLES.filter((role) => roles.includes(role));
}

function requiredName(value: string, field: 'givenName' | 'familyName'): string {
  const trimmed = value.normalize('NFC').trim();
  if (trimmed.length === 0 || trimmed.length > NAME_MAX) {
    throw validationError('invalid-name', `${field} must have between 1 and ${NAME_MAX} characters.`, { field });
  }
  if (UNSAFE_NAME_CHARACTER.test(trimmed)) {
    throw validationError('invalid-name', `${field} must not contain control, formatting (bidirectional) or invisible characters.`, { field });
  }
  if (!/\p{L}/u.test(trimmed)) throw validationError('invalid-name', `${field} must contain letters.`, { field });
  return trimmed;
}

/** A person who can log in to Tramita. */
export class User {
  #state: UserSnapshot;

  private constructor(state: UserSnapshot) {
    this.#state = state;
  }

  static create(input: NewUser, now: Date): User {
    const username = normalizeUsername(input.username);
    assertValidUsername(username);
    return new User({
      id: newId(now.getTime()),
      username,
      givenName: requiredName(input.givenName, 'givenName'),
      familyName: requiredName(input.familyName, 'familyName'),
      roles: parseRoles(input.roles, input.memberElsewhere),
      enabled: true,
      passwordHash: input.passwordHash,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(snapshot: UserSnapshot): User {
    return new User({ ...snapshot, roles: [...snapshot.roles] });
  }

  get id(): string {
    return this.#state.id;
  }
  get username(): string {
    return this.#state.username;
  }
  get givenName(): string {
    return this.#state.givenName;
  }
  get familyName(): string {
    return this.#state.familyName;
  }
  get roles(): readonly UserRole[] {
    return this.#state.roles;
  }
  get enabled(): boolean {
    return this.#state.enabled;
  }
  /** An enabled administrator: the platform must always keep one. */
  get isActiveAdministrator(): boolean {
    return this.#state.enabled && this.#state.roles.includes('admin');
  }
  get passwordHash(): string {
    return this.#state.passwordHash;
  }
  /** "Apellidos, Nombre". */
  get displayName(): string {
    return displayName(this.#state.givenName, this.#state.familyName, this.#state.username);
  }
  /** "Nombre Apellidos", the OIDC `name` claim. */
  get fullName(): string {
    return `${this.#state.givenName} ${this.#state.familyName}`;
  }

  update(changes: UserChanges, now: Date): void {
    const next = { ...this.#state };
    if (changes.givenName !== undefined) next.givenName = requiredName(changes.givenName, 'givenName');
    if (changes.familyName !== undefined) next.familyName = requiredName(changes.familyName, 'familyName');
    if (changes.roles !== undefined) next.roles = parseRoles(changes.roles, changes.memberElsewhere);
    if (changes.enabled !== undefined) next.enabled = changes.enabled;
    next.updatedAt = now;
    this.#state = next;
  }

  changePasswordHash(passwordHash: string, now: Date): void {
    this.#state = { ...this.#state, passwordHash, updatedAt: now };
  }

  snapshot(): UserSnapshot {
    return { ...this.#state, roles: [...this.#state.roles] };
  }
}
