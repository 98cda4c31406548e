import { beforeEach, describe, expect, it } from 'vitest';
import { isDomainError, steppingClock } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import type { UserAccessChanged } from '@tramita/contracts';
import { InMemoryOrganismRepository } from '../adapters/in-memory/organism-repository.in-memory.ts';
import { InMemoryUserRepository } from '../adapters/in-memory/user-repository.in-memory.ts';
import { User } from '../domain/user.ts';
import type { AccessRevocations } from './access-revocations.ts';
import { listMembers, membershipsOf, removeMember, setMember, storedMembershipsOf, type MembershipDeps } from './memberships.ts';
import { addUnit, createOrganism, listOrganisms, listUnits, updateOrganism, updateUnit } from './organisms.ts';

const PLATFORM = 'E00000001';
const TOWN = 'L01280796';
const AGENCY = 'A01002820';
const UNIT = 'LA0012345';

const caller = (...memberships: { organism: string; roles: string[] }[]): OrganismCaller => ({
  isService: false,
  memberships: memberships.map((membership) => ({ ...membership, units: [] })),
});
const platformAdmin = caller({ organism: PLATFORM, roles: ['admin', 'platform-admin'] });
const platformOnlyAdmin = caller({ organism: PLATFORM, roles: ['admin'] });
const townAdmin = caller({ organism: TOWN, roles: ['admin'] });
const townClerk = caller({ organism: TOWN, roles: ['tramitador'] });
const agencyAdmin = caller({ organism: AGENCY, roles: ['admin'] });

class RecordingRevocations implements AccessRevocations {
  readonly changes: { username: string; notBefore: Date; reason: UserAccessChanged['reason'] }[] = [];
  async userAccessChanged(username: string, notBefore: Date, reason: UserAccessChanged['reason']): Promise<void> {
    this.changes.push({ username, notBefore, reason });
  }
  async accessTokenRevoked(): Promise<void> {}
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return undefined;
}

let deps: MembershipDeps & { organisms: InMemoryOrganismRepository; users: InMemoryUserRepository; revocations: RecordingRevocations };

const person = async (username: string, roles: string[] = ['consulta']) => {
  await deps.users.add(User.create({ username, givenName: 'Ana', familyName: 'Pérez', roles, passwordHash: 'h' }, deps.clock.now()));
};

beforeEach(async () => {
  deps = {
    organisms: new InMemoryOrganismRepository(),
    users: new InMemoryUserRepository(),
    clock: steppingClock(new Date('2026-05-01T09:00:00Z')),
    defaultOrganism: PLATFORM,
    revocations: new RecordingRevocations(),
  };
  await deps.organisms.ensure({ code: PLATFORM, name: 'Plataforma', active: true, createdAt: deps.clock.now() });
});

describe('organisms', () => {
  it('are added and changed by a platform administrator only', async () => {
    expect(await createOrganism(deps, { code: ' l01280796', name: ' Ayuntamiento ' }, platformAdmin)).toMatchObject({
      code: TOWN,
      name: 'Ayuntamiento',
      active: true,
    });
    expect(await codeOf(createOrganism(deps, { code: TOWN, name: 'Otra vez' }, platformAdmin))).toBe('organism-exists');
    expect(await codeOf(createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformOnlyAdmin))).toBe('role-required');
    expect(await codeOf(createOrganism(deps, { code: 'nope', name: 'Agencia' }, platformAdmin))).toBe('invalid-dir3-code');
    expect(await updateOrganism(deps, TOWN, { name: 'Ayuntamiento de Prueba', active: false }, platformAdmin)).toMatchObject({
      name: 'Ayuntamiento de Prueba',
      active: false,
    });
    expect(await codeOf(updateOrganism(deps, TOWN, { active: true }, townAdmin))).toBe('role-required');
    expect(await codeOf(updateOrganism(deps, AGENCY, { active: true }, platformAdmin))).toBe('organism-not-found');
    expect(await codeOf(updateOrganism(deps, PLATFORM, { active: false }, platformAdmin))).toBe('default-organism');
  });

  it('are listed whole for a platform administrator and only the administered ones for anyone else', async () => {
    await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
    await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
    expect((await listOrganisms(deps, platformAdmin)).map((organism) => organism.code)).toEqual([AGENCY, PLATFORM, TOWN]);
    expect((await listOrganisms(deps, townAdmin)).map((organism) => organism.code)).toEqual([TOWN]);
    expect(await listOrganisms(deps, townClerk)).toEqual([]);
  });
});

describe('units', () => {
  beforeEach(async () => {
    await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
    await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
  });

  it("are added and changed by the organism's administrator", async () => {
    expect(await addUnit(deps, TOWN, { code: UNIT, name: 'Urbanismo' }, townAdmin)).toEqual({ organism: TOWN, code: UNIT, name: 'Urbanismo', active: true });
    expect(await codeOf(addUnit(deps, TOWN, { code: UNIT, name: 'Otra' }, townAdmin))).toBe('unit-exists');
    expect(await updateUnit(deps, TOWN, UNIT, { active: false }, townAdmin)).toMatchObject({ active: false, name: 'Urbanismo' });
    expect(await codeOf(updateUnit(deps, TOWN, 'LA9999999', { active: false }, townAdmin))).toBe('unit-not-found');
    expect(await listUnits(deps, TOWN, townAdmin)).toEqual([{ organism: TOWN, code: UNIT, name: 'Urbanismo', active: false }]);
  });

  it("answer another organism's administrator as if the organism did not exist, and a member without the role with 403", async () => {
    await addUnit(deps, TOWN, { code: UNIT, name: 'Urbanismo' }, townAdmin);
    expect(await codeOf(listUnits(deps, TOWN, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(addUnit(deps, TOWN, { code: 'LA0054321', name: 'Intrusa' }, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(updateUnit(deps, TOWN, UNIT, { name: 'Cambiada' }, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(listUnits(deps, 'B99999999', agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(listUnits(deps, TOWN, townClerk))).toBe('role-required');
    expect((await listUnits(deps, TOWN, platformAdmin)).map((unit) => unit.name)).toEqual(['Urbanismo']);
  });
});

describe('members', () => {
  beforeEach(async () => {
    await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
    await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
    await addUnit(deps, TOWN, { code: UNIT, name: 'Urbanismo' }, platformAdmin);
    await person('alcaldia');
    await person('urbano');
    await setMember(deps, TOWN, 'alcaldia', { roles: ['admin'], units: [] }, platformAdmin);
  });

  it('are given roles and active units of that organism, and their earlier tokens are refused', async () => {
    const before = deps.revocations.changes.length;
    expect(await setMember(deps, TOWN, 'Urbano', { roles: ['consulta', 'tramitador'], units: [UNIT, UNIT] }, townAdmin)).toEqual({
      username: 'urbano',
      displayName: 'Pérez, Ana',
      roles: ['tramitador', 'consulta'],
      units: [UNIT],
      enabled: true,
      // A role in the platform's organism: the account stays with the platform's administrators.
      accountManaged: false,
    });
    const stored = (await deps.users.findByUsername('urbano'))!.snapshot().updatedAt;
    expect(deps.revocations.changes.slice(before)).toEqual([{ username: 'urbano', notBefore: stored, reason: 'roles-changed' }]);
    expect((await listMembers(deps, TOWN, townAdmin)).map((member) => member.username)).toEqual(['alcaldia', 'urbano']);
  });

  it('refuses a unit the organism does not have or has turned off, a role platform-admin, and an unknown user', async () => {
    await addUnit(deps, AGENCY, { code: 'AA0000001', name: 'Ajena' }, platformAdmin);
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: ['tramitador'], units: ['AA0000001'] }, townAdmin))).toBe('unknown-unit');
    await updateUnit(deps, TOWN, UNIT, { active: false }, townAdmin);
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: ['tramitador'], units: [UNIT] }, townAdmin))).toBe('unknown-unit');
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: ['platform-admin'], units: [] }, townAdmin))).toBe('platform-admin-elsewhere');
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: [], units: [] }, townAdmin))).toBe('roles-required');
    expect(await codeOf(setMember(deps, TOWN, 'nadie', { roles: ['consulta'], units: [] }, townAdmin))).toBe('user-not-found');
    expect(await deps.organisms.members(TOWN)).toHaveLength(1);
  });

  it("are out of reach of another organism's administrator, who learns nothing of them", async () => {
    await setMember(deps, TOWN, 'urbano', { roles: ['tramitador'], units: [] }, townAdmin);
    expect(await codeOf(listMembers(deps, TOWN, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: ['admin'], units: [] }, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(removeMember(deps, TOWN, 'urbano', agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(setMember(deps, TOWN, 'urbano', { roles: ['admin'], units: [] }, townClerk))).toBe('role-required');
    expect((await deps.organisms.members(TOWN)).find((member) => member.username === 'urbano')?.roles).toEqual(['tramitador']);
  });

  it('never leave an organism without an administrator', async () => {
    expect(await codeOf(setMember(deps, TOWN, 'alcaldia', { roles: ['consulta'], units: [] }, townAdmin))).toBe('last-organism-administrator');
    expect(await codeOf(removeMember(deps, TOWN, 'alcaldia', townAdmin))).toBe('last-organism-administrator');
    await setMember(deps, TOWN, 'urbano', { roles: ['admin'], units: [] }, townAdmin);
    await setMember(deps, TOWN, 'alcaldia', { roles: ['consulta'], units: [] }, townAdmin);
    expect((await listMembers(deps, TOWN, platformAdmin)).filter((member) => member.roles.includes('admin')).map((member) => member.username)).toEqual([
      'urbano',
    ]);
  });

  it('are taken out, which refuses their earlier tokens; taking out a non-member is a 404', async () => {
    await setMember(deps, TOWN, 'urbano', { roles: ['tramitador'], units: [] }, townAdmin);
    const before = deps.revocations.changes.length;
    await removeMember(deps, TOWN, 'urbano', townAdmin);
    expect(deps.revocations.changes.slice(before)).toMatchObject([{ username: 'urbano', reason: 'roles-changed' }]);
    expect(await codeOf(removeMember(deps, TOWN, 'urbano', townAdmin))).toBe('member-not-found');
    expect(await codeOf(removeMember(deps, PLATFORM, 'urbano', platformAdmin))).toBe('default-membership');
  });

  it("of the platform organism are the users' roles", async () => {
    await setMember(deps, PLATFORM, 'urbano', { roles: ['tecnico'], units: [] }, platformOnlyAdmin);
    expect((await deps.users.findByUsername('urbano'))!.roles).toEqual(['tecnico']);
    expect((await listMembers(deps, PLATFORM, platformOnlyAdmin)).find((member) => member.username === 'urbano')?.roles).toEqual(['tecnico']);
  });
});

describe('membershipsOf (what the access token states)', () => {
  it('lists the platform roles first, then the memberships of active organisms only', async () => {
    await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
    await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
    await addUnit(deps, TOWN, { code: UNIT, name: 'Urbanismo' }, platformAdmin);
    await person('urbano');
    await setMember(deps, TOWN, 'urbano', { roles: ['admin', 'tramitador'], units: [UNIT] }, platformAdmin);
    await setMember(deps, AGENCY, 'urbano', { roles: ['admin'], units: [] }, platformAdmin);
    const user = (await deps.users.findByUsername('urbano'))!;
    expect(await membershipsOf(deps, user)).toEqual([
      { organism: PLATFORM, roles: ['consulta'], units: [] },
      { organism: AGENCY, roles: ['admin'], units: [] },
      { organism: TOWN, roles: ['tramitador', 'admin'], units: [UNIT] },
    ]);
    await updateOrganism(deps, AGENCY, { active: false }, platformAdmin);
    expect((await membershipsOf(deps, user)).map((membership) => membership.organism)).toEqual([PLATFORM, TOWN]);
  });
});

describe('storedMembershipsOf (what the accounts API shows)', () => {
  it('shows each user every stored membership, turned-off organisms included, and none for a user without roles anywhere', async () => {
    await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
    await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
    await person('urbano');
    await person('agente', ['tecnico']);
    await setMember(deps, TOWN, 'urbano', { roles: ['tramitador'], units: [] }, platformAdmin);
    await setMember(deps, AGENCY, 'agente', { roles: ['admin'], units: [] }, platformAdmin);
    await updateOrganism(deps, AGENCY, { active: false }, platformAdmin);
    const all = await storedMembershipsOf(deps, await deps.users.list());
    expect(all.get('urbano')).toEqual([
      { organism: PLATFORM, roles: ['consulta'], units: [] },
      { organism: TOWN, roles: ['tramitador'], units: [] },
    ]);
    expect(all.get('agente')).toEqual([
      { organism: PLATFORM, roles: ['tecnico'], units: [] },
      { organism: AGENCY, roles: ['admin'], units: [] },
    ]);
    expect((await storedMembershipsOf(deps, [{ username: 'agente', roles: [] }])).get('agente')).toEqual([{ organism: AGENCY, roles: ['admin'], units: [] }]);
  });
});
