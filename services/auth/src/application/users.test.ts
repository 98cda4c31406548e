import { describe, expect, it, beforeEach } from 'vitest';
import { isDomainError, steppingClock } from '@tramita/kernel';
import { User } from '../domain/user.ts';
import { InMemoryPasswordHasher } from '../adapters/in-memory/password-hasher.in-memory.ts';
import { InMemoryUserRepository } from '../adapters/in-memory/user-repository.in-memory.ts';
import { authenticateUser } from './authenticate-user.ts';
import { createUser } from './create-user.ts';
import { getUser } from './get-user.ts';
import { listUsers } from './list-users.ts';
import { lookupUsers, MAX_LOOKUP } from './lookup-users.ts';
import { SEED_USERS, seedUsers } from './seed-users.ts';
import { updateUser } from './update-user.ts';

const PASSWORD = 'una-clave-bastante-larga';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return undefined;
}

let users: InMemoryUserRepository;
let deps: { users: InMemoryUserRepository; hasher: InMemoryPasswordHasher; clock: ReturnType<typeof steppingClock> };

beforeEach(() => {
  users = new InMemoryUserRepository();
  deps = { users, hasher: new InMemoryPasswordHasher(), clock: steppingClock(new Date('2026-02-01T09:00:00Z')) };
});

const newUser = (username: string, roles: string[] = ['tramitador']) =>
  createUser(deps, { username, givenName: 'Lucía', familyName: 'Martínez Romero', roles, password: PASSWORD });

describe('createUser', () => {
  it('creates a user and returns a view without any password material', async () => {
    const view = await newUser('Lucia', ['tramitador', 'admin']);
    expect(view).toMatchObject({ username: 'lucia', displayName: 'Martínez Romero, Lucía', roles: ['tramitador', 'admin'], enabled: true });
    expect(JSON.stringify(view)).not.toMatch(/password|hash|sha256/i);
    const stored = await users.findByUsername('lucia');
    expect(stored?.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses a weak password and stores nothing', async () => {
    expect(await codeOf(createUser(deps, { username: 'pepe', givenName: 'Pepe', familyName: 'Pérez', roles: ['consulta'], password: 'corta' }))).toBe(
      'weak-password',
    );
    expect(await users.list()).toEqual([]);
  });

  it('refuses a duplicate user name', async () => {
    await newUser('lucia');
    expect(await codeOf(newUser('LUCIA'))).toBe('username-taken');
  });

  it('refuses an invalid user name before hashing anything', async () => {
    expect(await codeOf(newUser('x'))).toBe('invalid-username');
  });
});

describe('updateUser', () => {
  it('changes roles and disables the user', async () => {
    await newUser('lucia');
    const view = await updateUser(deps, 'lucia', { roles: ['validador', 'consulta'], enabled: false });
    expect(view.roles).toEqual(['validador', 'consulta']);
    expect(view.enabled).toBe(false);
    expect(view.updatedAt > view.createdAt).toBe(true);
  });

  it('changes the password so only the new one works', async () => {
    await newUser('lucia');
    await updateUser(deps, 'lucia', { password: 'otra-clave-larga-2026' });
    const decoyHash = await deps.hasher.hash('decoy');
    expect(await authenticateUser({ ...deps, decoyHash }, 'lucia', PASSWORD)).toBeUndefined();
    expect((await authenticateUser({ ...deps, decoyHash }, 'lucia', 'otra-clave-larga-2026'))?.username).toBe('lucia');
  });

  it('refuses a weak new password', async () => {
    await newUser('lucia');
    expect(await codeOf(updateUser(deps, 'lucia', { password: 'short' }))).toBe('weak-password');
  });

  it('answers not found for an unknown user', async () => {
    expect(await codeOf(updateUser(deps, 'nadie', { enabled: false }))).toBe('user-not-found');
  });
});

describe('getUser and listUsers', () => {
  it('reads one user and lists all in user-name order', async () => {
    await newUser('zoe');
    await newUser('ana');
    expect((await getUser(deps, 'ZOE')).username).toBe('zoe');
    expect((await listUsers(deps)).map((u) => u.username)).toEqual(['ana', 'zoe']);
  });

  it('answers not found for an unknown user', async () => {
    expect(await codeOf(getUser(deps, 'nadie'))).toBe('user-not-found');
  });
});

describe('lookupUsers', () => {
  it('resolves known names to "Apellidos, Nombre" and leaves unknown ones out', async () => {
    await newUser('lucia');
    await newUser('ana');
    const cards = await lookupUsers(deps, ['lucia', ' ANA ', 'nadie', 'lucia', '']);
    expect(cards).toEqual([
      { username: 'ana', givenName: 'Lucía', familyName: 'Martínez Romero', displayName: 'Martínez Romero, Lucía' },
      { username: 'lucia', givenName: 'Lucía', familyName: 'Martínez Romero', displayName: 'Martínez Romero, Lucía' },
    ]);
  });

  it('returns nothing for an empty list and bounds long lists', async () => {
    expect(await lookupUsers(deps, [])).toEqual([]);
    await newUser('u-000');
    const many = Array.from({ length: MAX_LOOKUP + 5 }, (_, i) => `u-${String(i).padStart(3, '0')}`);
    expect(await lookupUsers(deps, many.reverse())).toEqual([]); // u-000 is past the bound once reversed
  });
});

describe('authenticateUser', () => {
  it('accepts the right password, refuses a wrong one, an unknown user and a disabled one', async () => {
    await newUser('lucia');
    const auth = { ...deps, decoyHash: await deps.hasher.hash('decoy') };
    expect((await authenticateUser(auth, ' Lucia', PASSWORD))?.username).toBe('lucia');
    expect(await authenticateUser(auth, 'lucia', 'mala-contraseña-123')).toBeUndefined();
    expect(await authenticateUser(auth, 'nadie', PASSWORD)).toBeUndefined();
    await updateUser(deps, 'lucia', { enabled: false });
    expect(await authenticateUser(auth, 'lucia', PASSWORD)).toBeUndefined();
  });

  it('never looks up a name no user can have (a NUL byte, a lone surrogate, too long), so the store never sees it (issue 10: finding 3)', async () => {
    const asked: string[] = [];
    const users = Object.create(deps.users) as typeof deps.users;
    users.findByUsername = async (username: string) => (asked.push(username), deps.users.findByUsername(username));
    const auth = { ...deps, users, decoyHash: await deps.hasher.hash('decoy') };
    for (const name of ['a\u0000b', 'a\ud800b', 'x'.repeat(65), 'ana lópez']) expect(await authenticateUser(auth, name, PASSWORD)).toBeUndefined();
    expect(asked).toEqual([]);
  });
});

describe('seedUsers', () => {
  it('creates the original users and one per role, and a second run creates nothing', async () => {
    const created = await seedUsers({ ...deps, initialPassword: (name) => `inicial-${name}-xyz` });
    expect(created.map((u) => u.username)).toEqual(['user', 'agat', 'tramitador', 'tecnico', 'validador', 'admin', 'consulta']);
    expect(created[1]).toEqual({ username: 'agat', password: 'inicial-agat-xyz' });
    const agat = await getUser(deps, 'agat');
    expect(agat).toMatchObject({ displayName: 'Gat Alba, Antonio', roles: ['tramitador', 'tecnico', 'validador'] });
    expect((await getUser(deps, 'user')).displayName).toBe('Genérico, Usuario');
    expect(await seedUsers({ ...deps, initialPassword: () => 'otra-inicial-xyz' })).toEqual([]);
    expect(SEED_USERS.filter((u) => u.roles.length === 1).map((u) => u.roles[0])).toEqual(['tramitador', 'tecnico', 'validador', 'consulta']);
    // The first administrator also manages organisms (ADR 0013).
    expect(SEED_USERS.find((u) => u.username === 'admin')?.roles).toEqual(['admin', 'platform-admin']);
  });

  it('does not reset a seeded user that already exists', async () => {
    await newUser('agat');
    const created = await seedUsers({ ...deps, initialPassword: () => 'inicial-12345' });
    expect(created.map((u) => u.username)).not.toContain('agat');
    expect((await getUser(deps, 'agat')).roles).toEqual(['tramitador']);
  });

  it('treats a user created concurrently by another replica as already seeded', async () => {
    const racing = new InMemoryUserRepository();
    await racing.add(User.create({ ...SEED_USERS[0]!, passwordHash: 'h' }, new Date()));
    racing.findByUsername = async () => undefined; // the other replica's row was not visible when we looked
    const created = await seedUsers({ ...deps, users: racing, initialPassword: () => 'inicial-12345' });
    expect(created.map((u) => u.username)).not.toContain('user');
    expect(created).toHaveLength(SEED_USERS.length - 1);
  });
});
