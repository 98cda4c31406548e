import { conflict, notFound, validationError, type Clock } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import { membershipRoles, type Membership } from '../domain/organism.ts';
import type { OrganismRepository } from '../domain/organism-repository.ts';
import { normalizeUsername, type User, type UserRole } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { AccessRevocations } from './access-revocations.ts';
import { managesAccount, organismNotFound, requireAdminOf } from './organism-access.ts';

export interface MembershipDeps {
  users: UserRepository;
  organisms: OrganismRepository;
  clock: Clock;
  defaultOrganism: string;
  revocations?: AccessRevocations | undefined;
}

export interface MemberView {
  username: string;
  displayName: string;
  roles: string[];
  units: string[];
  /** Whether the account may log in. */
  enabled: boolean;
  /** Whether the caller manages the account itself here (names, enabling, password): one the organism owns. */
  accountManaged: boolean;
}

/**
 * Everything a user may do, organism by organism, as the access token states it (ADR 0013): their
 * `roles` in the default organism, then their memberships in other active organisms.
 */
export async function membershipsOf(deps: Pick<MembershipDeps, 'organisms' | 'defaultOrganism'>, user: User): Promise<Membership[]> {
  const own: Membership[] = user.roles.length > 0 ? [{ organism: deps.defaultOrganism, roles: [...user.roles], units: [] }] : [];
  const active = new Set((await deps.organisms.list()).filter((organism) => organism.active).map((organism) => organism.code));
  const others = (await deps.organisms.membershipsOf(user.username)).filter((membership) => active.has(membership.organism));
  return [...own, ...others];
}

/**
 * Every stored membership of each of `users`, for the accounts API: their roles in the default
 * organism, then each other organism's (turned-off organisms included: they are stored, only left
 * out of tokens). A list reads once per organism, never once per user.
 */
export async function storedMembershipsOf(
  deps: Pick<MembershipDeps, 'organisms' | 'defaultOrganism'>,
  users: readonly { username: string; roles: readonly UserRole[] }[],
): Promise<Map<string, Membership[]>> {
  const byUser = new Map<string, Membership[]>(
    users.map((user) => [user.username, user.roles.length > 0 ? [{ organism: deps.defaultOrganism, roles: [...user.roles], units: [] }] : []]),
  );
  const others =
    users.length === 1
      ? (await deps.organisms.membershipsOf(users[0]!.username)).map((membership) => ({ ...membership, username: users[0]!.username }))
      : (await Promise.all((await deps.organisms.list()).map((organism) => deps.organisms.members(organism.code)))).flat();
  for (const { username, ...membership } of others) {
    if (membership.organism !== deps.defaultOrganism) byUser.get(username)?.push(membership);
  }
  return byUser;
}

/** Who belongs to an organism, with their roles and units there (its administrators only). */
export async function listMembers(deps: MembershipDeps, organism: string, caller: OrganismCaller): Promise<MemberView[]> {
  requireAdminOf(caller, organism, deps.defaultOrganism);
  if (!(await deps.organisms.find(organism))) throw organismNotFound(organism);
  if (organism === deps.defaultOrganism) {
    return (await deps.users.list())
      .filter((user) => user.roles.length > 0)
      .map((user) => ({
        username: user.username,
        displayName: user.displayName,
        roles: [...user.roles],
        units: [],
        enabled: user.enabled,
        accountManaged: false,
      }));
  }
  const members = await deps.organisms.members(organism);
  const found = await deps.users.findByUsernames(members.map((member) => member.username));
  const users = new Map(found.map((user) => [user.username, user]));
  const stored = await storedMembershipsOf(deps, found);
  return members.map((member) => {
    const user = users.get(member.username);
    const account = { roles: user?.roles ?? [], memberships: stored.get(member.username) ?? [] };
    return {
      username: member.username,
      displayName: user?.displayName ?? member.username,
      roles: member.roles,
      units: member.units,
      enabled: user?.enabled ?? false,
      accountManaged: user !== undefined && managesAccount(caller, organism, deps.defaultOrganism, account),
    };
  });
}

/** The organism's active units among `units` (each once), or a refusal naming those it has not. */
export async function activeUnitsOf(deps: Pick<MembershipDeps, 'organisms'>, organism: string, units: readonly string[]): Promise<string[]> {
  const known = new Set((await deps.organisms.units(organism)).filter((unit) => unit.active).map((unit) => unit.code));
  const unknown = units.filter((unit) => !known.has(unit));
  if (unknown.length > 0) throw validationError('unknown-unit', `Organism ${organism} has no active unit ${unknown.join(', ')}.`, { field: 'units', unknown });
  return [...new Set(units)];
}

/**
 * Sets what `username` may do in `organism` (its administrator's work). In the default organism
 * that is the user's `roles` (the users API's rule: at least one, never the last administrator);
 * elsewhere a membership with roles (`platform-admin` excluded) and active units of that organism.
 * The user's tokens issued before are refused at once (ADR 0010).
 */
export async function setMember(
  deps: MembershipDeps,
  organism: string,
  username: string,
  input: { roles: readonly string[]; units: readonly string[] },
  caller: OrganismCaller,
): Promise<MemberView> {
  requireAdminOf(caller, organism, deps.defaultOrganism);
  if (!(await deps.organisms.find(organism))) throw organismNotFound(organism);
  const user = await findUser(deps, username);
  const now = deps.clock.now();
  if (organism === deps.defaultOrganism) {
    if (input.units.length > 0) throw validationError('units-not-here', `Units of the platform's own organism are not kept yet.`, { field: 'units' });
    const memberElsewhere = (await deps.organisms.membershipsOf(user.username)).length > 0;
    user.update({ roles: input.roles, memberElsewhere }, now);
    await deps.users.save(user);
  } else {
    const roles = membershipRoles(input.roles, organism, deps.defaultOrganism);
    const units = await activeUnitsOf(deps, organism, input.units);
    if (!roles.includes('admin')) await assertKeepsAnAdministrator(deps, organism, user.username);
    await deps.organisms.setMembership(user.username, { organism, roles, units });
    user.update({}, now); // a newer updatedAt: tokens refreshed from now on carry it and pass
    await deps.users.save(user);
  }
  await deps.revocations?.userAccessChanged(user.username, user.snapshot().updatedAt, 'roles-changed');
  return (await listMembers(deps, organism, caller)).find((member) => member.username === user.username)!;
}

/** Takes `username` out of `organism` (not the default organism: change their roles instead). */
export async function removeMember(deps: MembershipDeps, organism: string, username: string, caller: OrganismCaller): Promise<void> {
  requireAdminOf(caller, organism, deps.defaultOrganism);
  if (!(await deps.organisms.find(organism))) throw organismNotFound(organism);
  if (organism === deps.defaultOrganism) {
    throw conflict('default-membership', "Membership of the platform's own organism is the user's roles: change them through /api/users.", { organism });
  }
  const user = await findUser(deps, username);
  await assertKeepsAnAdministrator(deps, organism, user.username);
  const held = await deps.organisms.membershipsOf(user.username);
  // An account of this organism alone would be left with no role anywhere: it is disabled instead.
  if (user.roles.length === 0 && held.length === 1 && held[0]!.organism === organism) {
    throw conflict('last-membership', `${user.username} holds no role anywhere else: disable the account instead of taking them out.`, {
      username: user.username,
    });
  }
  if (!(await deps.organisms.removeMembership(user.username, organism))) {
    throw notFound('member-not-found', `${user.username} is not a member of ${organism}.`, { username: user.username });
  }
  user.update({}, deps.clock.now());
  await deps.users.save(user);
  await deps.revocations?.userAccessChanged(user.username, user.snapshot().updatedAt, 'roles-changed');
}

async function findUser(deps: MembershipDeps, username: string): Promise<User> {
  const user = await deps.users.findByUsername(normalizeUsername(username));
  if (!user) throw notFound('user-not-found', `There is no user "${username}".`, { username });
  return user;
}

/**
 * An organism keeps at least one enabled administrator: `username`, if they are one, cannot lose the
 * role, leave or be disabled while no other enabled administrator of it remains.
 */
export async function assertKeepsAnAdministrator(deps: Pick<MembershipDeps, 'organisms' | 'users'>, organism: string, username: string): Promise<void> {
  const admins = (await deps.organisms.members(organism)).filter((member) => member.roles.includes('admin'));
  if (!admins.some((admin) => admin.username === username)) return;
  const others = await deps.users.findByUsernames(admins.filter((admin) => admin.username !== username).map((admin) => admin.username));
  if (others.some((other) => other.enabled)) return;
  const target = await deps.users.findByUsername(username);
  if (!target?.enabled) return;
  throw conflict('last-organism-administrator', `${username} is the last administrator of ${organism}: make someone else one first.`, { username, organism });
}
