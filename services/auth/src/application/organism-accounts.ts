import { conflict, notFound, type Clock } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import { membershipRoles } from '../domain/organism.ts';
import type { OrganismRepository } from '../domain/organism-repository.ts';
import { normalizeUsername } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { AccessRevocations } from './access-revocations.ts';
import { createUser } from './create-user.ts';
import { activeUnitsOf, assertKeepsAnAdministrator, type MemberView } from './memberships.ts';
import { managesAccount, organismNotFound, requireAdminOf } from './organism-access.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { updateUser } from './update-user.ts';

export interface OrganismAccountDeps {
  users: UserRepository;
  organisms: OrganismRepository;
  hasher: PasswordHasher;
  clock: Clock;
  defaultOrganism: string;
  revocations?: AccessRevocations | undefined;
}

/** Who is asking: their memberships and, for a person, their user name (nobody disables their own account). */
export type AccountCaller = OrganismCaller & { username?: string };

export interface CreateAccountInput {
  username: string;
  givenName: string;
  familyName: string;
  password: string;
  roles: readonly string[];
  units?: readonly string[] | undefined;
}

export interface UpdateAccountInput {
  givenName?: string | undefined;
  familyName?: string | undefined;
  enabled?: boolean | undefined;
  password?: string | undefined;
}

/** The same answer for an account that does not exist and one the caller does not manage: neither tells the other apart. */
export const accountNotFound = (organism: string, username: string) =>
  notFound('account-not-found', `Organism ${organism} has no account "${username}" you manage.`, { username });

/**
 * An organism's administrator gives one of its people an account (issue 12): its only membership is
 * in that organism (roles and active units of it), with no role in the platform's own organism.
 * User names are the installation's login names, so a taken one is a 409 `username-taken`.
 */
export async function createAccount(deps: OrganismAccountDeps, organism: string, input: CreateAccountInput, caller: AccountCaller): Promise<MemberView> {
  requireAdminOf(caller, organism, deps.defaultOrganism);
  if (!(await deps.organisms.find(organism))) throw organismNotFound(organism);
  if (organism === deps.defaultOrganism) {
    throw conflict('default-membership', "Accounts of the platform's own organism are created through /api/users.", { organism });
  }
  const roles = membershipRoles(input.roles, organism, deps.defaultOrganism);
  const units = await activeUnitsOf(deps, organism, input.units ?? []);
  const created = await createUser(deps, { ...input, roles: [], memberElsewhere: true });
  await deps.organisms.setMembership(created.username, { organism, roles, units });
  return { username: created.username, displayName: created.displayName, roles, units, enabled: created.enabled, accountManaged: true };
}

/**
 * An organism's administrator changes the names, the enabled flag or the password of an account the
 * organism owns (see `managesAccount`); any other account answers as a missing one. Disabling it or
 * a new password refuses its earlier tokens at once. Nobody disables their own account here, and an
 * organism never loses its last enabled administrator.
 */
export async function updateAccount(
  deps: OrganismAccountDeps,
  organism: string,
  username: string,
  input: UpdateAccountInput,
  caller: AccountCaller,
): Promise<MemberView> {
  requireAdminOf(caller, organism, deps.defaultOrganism);
  if (!(await deps.organisms.find(organism))) throw organismNotFound(organism);
  const user = await deps.users.findByUsername(normalizeUsername(username));
  const memberships = user ? await deps.organisms.membershipsOf(user.username) : [];
  if (!user || !managesAccount(caller, organism, deps.defaultOrganism, { roles: user.roles, memberships })) throw accountNotFound(organism, username);
  if (input.enabled === false && user.enabled) {
    if (caller.username === user.username) throw conflict('own-account', 'You cannot disable your own account.', { username: user.username });
    for (const membership of memberships) {
      if (membership.roles.includes('admin')) await assertKeepsAnAdministrator(deps, membership.organism, user.username);
    }
  }
  const changes = {
    ...(input.givenName !== undefined ? { givenName: input.givenName } : {}),
    ...(input.familyName !== undefined ? { familyName: input.familyName } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
  };
  const updated = await updateUser(deps.revocations ? { ...deps, revocations: deps.revocations } : deps, user.username, changes);
  const here = memberships.find((membership) => membership.organism === organism)!;
  return { username: updated.username, displayName: updated.displayName, roles: here.roles, units: here.units, enabled: updated.enabled, accountManaged: true };
}
