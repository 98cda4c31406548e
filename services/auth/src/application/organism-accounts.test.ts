import { beforeEach, describe, expect, it } from 'vitest';
import { isDomainError, steppingClock } from '@tramita/kernel';
import type { UserAccessChanged } from '@tramita/contracts';
import { InMemoryOrganismRepository } from '../adapters/in-memory/organism-repository.in-memory.ts';
import { InMemoryPasswordHasher } from '../adapters/in-memory/password-hasher.in-memory.ts';
import { InMemoryUserRepository } from '../adapters/in-memory/user-repository.in-memory.ts';
import { User } from '../domain/user.ts';
import type { AccessRevocations } from './access-revocations.ts';
import { authenticateUser } from './authenticate-user.ts';
import { listUsers } from './list-users.ts';
import { lookupUsers } from './lookup-users.ts';
import { listMembers, membershipsOf, removeMember, setMember } from './memberships.ts';
import { createAccount, updateAccount, type AccountCaller, type OrganismAccountDeps } from './organism-accounts.ts';
import { addUnit, createOrganism, updateOrganism } from './organisms.ts';
import { updateUser } from './update-user.ts';

const PLATFORM = 'E00000001';
const TOWN = 'L01280796';
const AGENCY = 'A01002820';
const UNIT = 'LA0012345';
const PASSWORD = 'una-clave-bastante-larga';

const caller = (username: string, ...memberships: { organism: string; roles: string[] }[]): AccountCaller => ({
  username,
  isService: false,
  memberships: memberships.map((membership) => ({ ...membership, units: [] })),
});
const platformAdmin = caller('root', { organism: PLATFORM, roles: ['admin', 'platform-admin'] });
const townAdmin = caller('alcaldia', { organism: TOWN, roles: ['admin'] });
const townClerk = caller('urbano', { organism: TOWN, roles: ['tramitador'] });
const agencyAdmin = caller('agencia', { organism: AGENCY, roles: ['admin'] });
const bothAdmin = caller('ambos', { organism: TOWN, roles: ['admin'] }, { organism: AGENCY, roles: ['admin'] });

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

let deps: OrganismAccountDeps & { organisms: InMemoryOrganismRepository; users: InMemoryUserRepository; revocations: RecordingRevocations };

const account = (username: string, roles: string[] = ['tramitador'], units: string[] = [], organism = TOWN, by: AccountCaller = townAdmin) =>
  createAccount(deps, organism, { username, givenName: 'Úrsula', familyName: 'Urbano Vega', password: PASSWORD, roles, units }, by);

beforeEach(async () => {
  deps = {
    organisms: new InMemoryOrganismRepository(),
    users: new InMemoryUserRepository(),
    hasher: new InMemoryPasswordHasher(),
    clock: steppingClock(new Date('2026-05-01T09:00:00Z')),
    defaultOrganism: PLATFORM,
    revocations: new RecordingRevocations(),
  };
  await deps.organisms.ensure({ code: PLATFORM, name: 'Plataforma', active: true, createdAt: deps.clock.now() });
  await deps.users.add(
    User.create({ username: 'root', givenName: 'Raúl', familyName: 'Raíz', roles: ['admin', 'platform-admin'], passwordHash: 'h' }, deps.clock.now()),
  );
  await createOrganism(deps, { code: TOWN, name: 'Ayuntamiento' }, platformAdmin);
  await createOrganism(deps, { code: AGENCY, name: 'Agencia' }, platformAdmin);
  await addUnit(deps, TOWN, { code: UNIT, name: 'Urbanismo' }, platformAdmin);
  // The town's first administrator: an account the platform's administrator made for the town.
  await account('alcaldia', ['admin'], [], TOWN, platformAdmin);
});

describe("an organism's administrator creating accounts", () => {
  it('gives one of its people an account whose only membership is in that organism, who logs in and whose token names that organism alone', async () => {
    expect(await account('Urbano', ['tramitador', 'consulta'], [UNIT, UNIT])).toEqual({
      username: 'urbano',
      displayName: 'Urbano Vega, Úrsula',
      roles: ['tramitador', 'consulta'],
      units: [UNIT],
      enabled: true,
      accountManaged: true,
    });
    const stored = (await deps.users.findByUsername('urbano'))!;
    expect(stored.roles).toEqual([]);
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(await deps.organisms.membershipsOf('urbano')).toEqual([{ organism: TOWN, roles: ['tramitador', 'consulta'], units: [UNIT] }]);
    const user = await authenticateUser({ ...deps, decoyHash: 'x' }, 'urbano', PASSWORD);
    expect(user && (await membershipsOf(deps, user))).toEqual([{ organism: TOWN, roles: ['tramitador', 'consulta'], units: [UNIT] }]);
    // What other services and the platform's administrators read of the account still works.
    expect(await lookupUsers(deps, ['urbano'])).toEqual([
      { username: 'urbano', givenName: 'Úrsula', familyName: 'Urbano Vega', displayName: 'Urbano Vega, Úrsula' },
    ]);
    expect((await listUsers(deps)).find((view) => view.username === 'urbano')).toMatchObject({ roles: [], enabled: true });
  });

  it('refuses a taken name, a weak password, no role, platform-admin, a unit the organism has not, and the platform organism itself', async () => {
    await account('urbano');
    expect(await codeOf(account('URBANO'))).toBe('username-taken');
    expect(await codeOf(account('root'))).toBe('username-taken');
    expect(
      await codeOf(createAccount(deps, TOWN, { username: 'debil', givenName: 'Dé', familyName: 'Bil', password: 'corta', roles: ['consulta'] }, townAdmin)),
    ).toBe('weak-password');
    expect(await codeOf(account('sinrol', []))).toBe('roles-required');
    expect(await codeOf(account('jefa', ['platform-admin']))).toBe('platform-admin-elsewhere');
    expect(await codeOf(account('ajeno', ['tramitador'], ['AA0000001']))).toBe('unknown-unit');
    expect(await codeOf(account('mal nombre'))).toBe('invalid-username');
    expect(await codeOf(account('propia', ['consulta'], [], PLATFORM, platformAdmin))).toBe('default-membership');
    expect((await deps.users.list()).map((user) => user.username)).toEqual(['alcaldia', 'root', 'urbano']);
  });

  it("answers another organism's administrator as a missing organism, and a member without the role with 403", async () => {
    expect(await codeOf(account('intruso', ['admin'], [], TOWN, agencyAdmin))).toBe('organism-not-found');
    expect(await codeOf(account('intruso', ['admin'], [], TOWN, townClerk))).toBe('role-required');
    expect(await deps.users.findByUsername('intruso')).toBeUndefined();
  });
});

describe("an organism's administrator managing the accounts it owns", () => {
  beforeEach(async () => {
    await account('urbano');
  });

  it('changes names, resets the password (refusing older tokens) and disables and enables the account', async () => {
    const before = deps.revocations.changes.length;
    expect(await updateAccount(deps, TOWN, 'urbano', { givenName: 'Ulises' }, townAdmin)).toMatchObject({
      displayName: 'Urbano Vega, Ulises',
      roles: ['tramitador'],
    });
    expect(deps.revocations.changes.length).toBe(before);

    await updateAccount(deps, TOWN, 'urbano', { password: 'otra-clave-muy-distinta' }, townAdmin);
    expect(await authenticateUser({ ...deps, decoyHash: 'x' }, 'urbano', PASSWORD)).toBeUndefined();
    expect(await authenticateUser({ ...deps, decoyHash: 'x' }, 'urbano', 'otra-clave-muy-distinta')).toBeDefined();
    expect(await codeOf(updateAccount(deps, TOWN, 'urbano', { password: 'corta' }, townAdmin))).toBe('weak-password');

    expect(await updateAccount(deps, TOWN, 'urbano', { enabled: false }, townAdmin)).toMatchObject({ enabled: false, accountManaged: true });
    expect(await authenticateUser({ ...deps, decoyHash: 'x' }, 'urbano', 'otra-clave-muy-distinta')).toBeUndefined();
    const stored = (await deps.users.findByUsername('urbano'))!.snapshot().updatedAt;
    expect(deps.revocations.changes.slice(before).map((change) => change.reason)).toEqual(['password-changed', 'disabled']);
    expect(deps.revocations.changes.at(-1)).toEqual({ username: 'urbano', notBefore: stored, reason: 'disabled' });
    expect(await updateAccount(deps, TOWN, 'urbano', { enabled: true }, townAdmin)).toMatchObject({ enabled: true });
  });

  it('answers 404 account-not-found, the same as for a missing account, for any account the organism does not own', async () => {
    // Someone with a role in the platform's organism, a member of the town too.
    await deps.users.add(User.create({ username: 'mixta', givenName: 'Mía', familyName: 'Mixta', roles: ['consulta'], passwordHash: 'h' }, deps.clock.now()));
    await setMember(deps, TOWN, 'mixta', { roles: ['tramitador'], units: [] }, townAdmin);
    // A town account that is also a member of the agency, which the town's administrator does not administer.
    await setMember(deps, AGENCY, 'urbano', { roles: ['consulta'], units: [] }, platformAdmin);
    // The agency's own account.
    await account('agente', ['tecnico'], [], AGENCY, platformAdmin);
    const missing = await updateAccount(deps, TOWN, 'nadie', { enabled: false }, townAdmin).catch((error: unknown) => error);
    expect(isDomainError(missing) && [missing.code, missing.category]).toEqual(['account-not-found', 'not-found']);
    for (const username of ['mixta', 'urbano', 'agente', 'root']) {
      const refused = await updateAccount(deps, TOWN, username, { enabled: false }, townAdmin).catch((error: unknown) => error);
      expect(isDomainError(refused) && { code: refused.code, message: refused.message.replace(username, 'nadie') }, username).toEqual({
        code: 'account-not-found',
        message: isDomainError(missing) ? missing.message : '',
      });
    }
    expect((await deps.users.list()).every((user) => user.enabled)).toBe(true);
    // One who administers every organism the account belongs to manages it.
    expect(await updateAccount(deps, AGENCY, 'urbano', { familyName: 'Urbano' }, bothAdmin)).toMatchObject({ roles: ['consulta'], accountManaged: true });
    expect(await codeOf(updateAccount(deps, TOWN, 'urbano', { enabled: false }, agencyAdmin))).toBe('organism-not-found');
  });

  it('never disables one’s own account nor the organism’s last enabled administrator', async () => {
    expect(await codeOf(updateAccount(deps, TOWN, 'alcaldia', { enabled: false }, townAdmin))).toBe('own-account');
    expect(await codeOf(updateAccount(deps, TOWN, 'alcaldia', { enabled: false }, platformAdmin))).toBe('last-organism-administrator');
    await setMember(deps, TOWN, 'urbano', { roles: ['admin'], units: [] }, townAdmin);
    await updateAccount(deps, TOWN, 'urbano', { enabled: false }, townAdmin);
    // A disabled administrator does not count: alcaldia is still the last enabled one.
    expect(await codeOf(setMember(deps, TOWN, 'alcaldia', { roles: ['consulta'], units: [] }, platformAdmin))).toBe('last-organism-administrator');
    expect(await updateAccount(deps, TOWN, 'alcaldia', { password: 'otra-clave-muy-distinta' }, townAdmin)).toMatchObject({ enabled: true });
  });

  it('lists which members the caller manages, with whether they may log in', async () => {
    await deps.users.add(User.create({ username: 'mixta', givenName: 'Mía', familyName: 'Mixta', roles: ['consulta'], passwordHash: 'h' }, deps.clock.now()));
    await setMember(deps, TOWN, 'mixta', { roles: ['tramitador'], units: [] }, townAdmin);
    await updateAccount(deps, TOWN, 'urbano', { enabled: false }, townAdmin);
    expect((await listMembers(deps, TOWN, townAdmin)).map(({ username, enabled, accountManaged }) => ({ username, enabled, accountManaged }))).toEqual([
      { username: 'alcaldia', enabled: true, accountManaged: true },
      { username: 'mixta', enabled: true, accountManaged: false },
      { username: 'urbano', enabled: false, accountManaged: true },
    ]);
  });
});

describe('accounts with no role in the platform organism', () => {
  beforeEach(async () => {
    await account('urbano');
  });

  it('are never left with no role anywhere: taking them out of their only organism is refused', async () => {
    expect(await codeOf(removeMember(deps, TOWN, 'urbano', townAdmin))).toBe('last-membership');
    await setMember(deps, AGENCY, 'urbano', { roles: ['consulta'], units: [] }, platformAdmin);
    await removeMember(deps, TOWN, 'urbano', platformAdmin);
    expect(await deps.organisms.membershipsOf('urbano')).toEqual([{ organism: AGENCY, roles: ['consulta'], units: [] }]);
  });

  it('may have their platform roles emptied through the accounts API only while they hold another membership', async () => {
    await deps.users.add(User.create({ username: 'mixta', givenName: 'Mía', familyName: 'Mixta', roles: ['consulta'], passwordHash: 'h' }, deps.clock.now()));
    await deps.users.add(User.create({ username: 'sola', givenName: 'Sol', familyName: 'Sola', roles: ['consulta'], passwordHash: 'h' }, deps.clock.now()));
    await setMember(deps, TOWN, 'mixta', { roles: ['tramitador'], units: [] }, townAdmin);
    expect(await updateUser(deps, 'mixta', { roles: [] })).toMatchObject({ roles: [] });
    expect(await codeOf(updateUser(deps, 'sola', { roles: [] }))).toBe('roles-required');
    expect(await codeOf(setMember(deps, PLATFORM, 'sola', { roles: [], units: [] }, platformAdmin))).toBe('roles-required');
    expect((await deps.users.findByUsername('sola'))!.roles).toEqual(['consulta']);
  });
});

describe('turning an organism off', () => {
  it('refuses at once every token its members hold, and turning it on again revokes nothing', async () => {
    await account('urbano');
    await deps.users.add(User.create({ username: 'mixta', givenName: 'Mía', familyName: 'Mixta', roles: ['consulta'], passwordHash: 'h' }, deps.clock.now()));
    await setMember(deps, TOWN, 'mixta', { roles: ['tramitador'], units: [] }, townAdmin);
    await account('agente', ['tecnico'], [], AGENCY, platformAdmin);
    const before = deps.revocations.changes.length;
    await updateOrganism(deps, TOWN, { active: false }, platformAdmin);
    const revoked = deps.revocations.changes.slice(before);
    expect(revoked.map((change) => [change.username, change.reason])).toEqual([
      ['alcaldia', 'roles-changed'],
      ['mixta', 'roles-changed'],
      ['urbano', 'roles-changed'],
    ]);
    // Each notBefore is the member's new updatedAt, so the token they get next (without the town) passes.
    for (const change of revoked) expect((await deps.users.findByUsername(change.username))!.snapshot().updatedAt).toEqual(change.notBefore);
    expect(await membershipsOf(deps, (await deps.users.findByUsername('urbano'))!)).toEqual([]);

    await updateOrganism(deps, TOWN, { name: 'Ayuntamiento apagado' }, platformAdmin);
    await updateOrganism(deps, TOWN, { active: true }, platformAdmin);
    expect(deps.revocations.changes.length).toBe(before + 3);
  });
});
