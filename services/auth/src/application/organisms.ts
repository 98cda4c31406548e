import { conflict, notFound, type Clock } from '@tramita/kernel';
import { isPlatformAdmin, type OrganismCaller } from '@tramita/platform';
import { catalogueName, dir3Code, type Organism, type Unit } from '../domain/organism.ts';
import type { OrganismRepository } from '../domain/organism-repository.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { AccessRevocations } from './access-revocations.ts';
import { organismNotFound, requireAdminOf, requirePlatformAdmin } from './organism-access.ts';

export interface OrganismDeps {
  organisms: OrganismRepository;
  clock: Clock;
  /** The platform's own organism (TRAMITA_DEFAULT_ORGANISM). */
  defaultOrganism: string;
}

export interface OrganismView {
  code: string;
  name: string;
  active: boolean;
  createdAt: string;
}

const view = (organism: Organism): OrganismView => ({ ...organism, createdAt: organism.createdAt.toISOString() });

/** Every organism for a platform administrator; for anyone else, those they administer. */
export async function listOrganisms(deps: OrganismDeps, caller: OrganismCaller): Promise<OrganismView[]> {
  const all = await deps.organisms.list();
  if (isPlatformAdmin(caller, deps.defaultOrganism)) return all.map(view);
  const administered = new Set(caller.memberships.filter((membership) => membership.roles.includes('admin')).map((membership) => membership.organism));
  return all.filter((organism) => administered.has(organism.code)).map(view);
}

/** A platform administrator adds an organism (its DIR3 code and name). */
export async function createOrganism(deps: OrganismDeps, input: { code: string; name: string }, caller: OrganismCaller): Promise<OrganismView> {
  requirePlatformAdmin(caller, deps.defaultOrganism);
  const organism: Organism = { code: dir3Code(input.code, 'code'), name: catalogueName(input.name), active: true, createdAt: deps.clock.now() };
  if (!(await deps.organisms.add(organism))) throw conflict('organism-exists', `Organism ${organism.code} already exists.`, { organism: organism.code });
  return view(organism);
}

/**
 * A platform administrator renames an organism or turns it off. Turning it off refuses at once every
 * token that names it (ADR 0010): each member's tokens issued before are revoked, and the tokens
 * they get from then on leave it out. Turning it on again needs nothing: new tokens carry it.
 */
export async function updateOrganism(
  deps: OrganismDeps & { users: UserRepository; revocations: AccessRevocations },
  code: string,
  changes: { name?: string | undefined; active?: boolean | undefined },
  caller: OrganismCaller,
): Promise<OrganismView> {
  requirePlatformAdmin(caller, deps.defaultOrganism);
  const organism = await deps.organisms.find(code);
  if (!organism) throw organismNotFound(code);
  if (changes.active === false && code === deps.defaultOrganism) {
    throw conflict('default-organism', "The platform's own organism cannot be turned off.", { organism: code });
  }
  const next = {
    ...organism,
    ...(changes.name !== undefined ? { name: catalogueName(changes.name) } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
  };
  await deps.organisms.update(next);
  if (organism.active && !next.active) await revokeMembersOf(deps, code);
  return view(next);
}

/** Each member's tokens issued before now are refused; a newer `updatedAt` lets the ones they get next pass. */
async function revokeMembersOf(deps: OrganismDeps & { users: UserRepository; revocations: AccessRevocations }, code: string): Promise<void> {
  const members = await deps.organisms.members(code);
  const now = deps.clock.now();
  for (const user of await deps.users.findByUsernames(members.map((member) => member.username))) {
    user.update({}, now);
    await deps.users.save(user);
    await deps.revocations.userAccessChanged(user.username, user.snapshot().updatedAt, 'roles-changed');
  }
}

/** The units of an organism, for its administrators. */
export async function listUnits(deps: OrganismDeps, code: string, caller: OrganismCaller): Promise<Unit[]> {
  requireAdminOf(caller, code, deps.defaultOrganism);
  if (!(await deps.organisms.find(code))) throw organismNotFound(code);
  return deps.organisms.units(code);
}

/** An organism's administrator adds a unit (a DIR3 code and a name). */
export async function addUnit(deps: OrganismDeps, code: string, input: { code: string; name: string }, caller: OrganismCaller): Promise<Unit> {
  requireAdminOf(caller, code, deps.defaultOrganism);
  if (!(await deps.organisms.find(code))) throw organismNotFound(code);
  const unit: Unit = { organism: code, code: dir3Code(input.code, 'code'), name: catalogueName(input.name), active: true };
  if (!(await deps.organisms.addUnit(unit))) throw conflict('unit-exists', `Organism ${code} already has unit ${unit.code}.`, { unit: unit.code });
  return unit;
}

/** An organism's administrator renames a unit or turns it off. */
export async function updateUnit(
  deps: OrganismDeps,
  code: string,
  unitCode: string,
  changes: { name?: string | undefined; active?: boolean | undefined },
  caller: OrganismCaller,
): Promise<Unit> {
  requireAdminOf(caller, code, deps.defaultOrganism);
  const unit = (await deps.organisms.units(code)).find((candidate) => candidate.code === unitCode);
  if (!unit) throw notFound('unit-not-found', `Organism ${code} has no unit ${unitCode}.`, { unit: unitCode });
  const next = {
    ...unit,
    ...(changes.name !== undefined ? { name: catalogueName(changes.name) } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
  };
  await deps.organisms.updateUnit(next);
  return next;
}
