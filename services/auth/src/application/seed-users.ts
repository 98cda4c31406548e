import { isDomainError, type Clock } from '@tramita/kernel';
import { User, type UserRole } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { PasswordHasher } from './password-hasher.ts';

export interface SeedUser {
  username: string;
  givenName: string;
  familyName: string;
  roles: UserRole[];
}

const CASE_ROLES: UserRole[] = ['tramitador', 'tecnico', 'validador'];

/** The people every installation starts with: the original system's two users and one per role. */
export const SEED_USERS: readonly SeedUser[] = [
  { username: 'user', givenName: 'Usuario', familyName: 'Genérico', roles: CASE_ROLES },
  { username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', roles: CASE_ROLES },
  { username: 'tramitador', givenName: 'Lucía', familyName: 'Martínez Romero', roles: ['tramitador'] },
  { username: 'tecnico', givenName: 'Javier', familyName: 'Fernández Ortega', roles: ['tecnico'] },
  { username: 'validador', givenName: 'Marta', familyName: 'Sánchez Iglesias', roles: ['validador'] },
  // The first administrator also manages organisms (ADR 0013).
  { username: 'admin', givenName: 'Carlos', familyName: 'López Navarro', roles: ['admin', 'platform-admin'] },
  { username: 'consulta', givenName: 'Elena', familyName: 'García Molina', roles: ['consulta'] },
];

export interface SeedUsersDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock: Clock;
  /** The initial password for a seeded user (one shared value, or a fresh random one each). */
  initialPassword: (username: string) => string;
}

export interface SeededUser {
  username: string;
  password: string;
}

/**
 * Creates the seed users that do not exist yet and returns who was created with which password.
 * Running it again changes nothing, and never resets a password someone changed.
 */
export async function seedUsers(deps: SeedUsersDeps, seeds: readonly SeedUser[] = SEED_USERS): Promise<SeededUser[]> {
  const missing: SeedUser[] = [];
  for (const seed of seeds) if (!(await deps.users.findByUsername(seed.username))) missing.push(seed);
  // Hash in parallel: Argon2 is slow on purpose and runs on the thread pool.
  const prepared = await Promise.all(
    missing.map(async (seed) => {
      const password = deps.initialPassword(seed.username);
      return { seed, password, passwordHash: await deps.hasher.hash(password) };
    }),
  );
  const created: SeededUser[] = [];
  for (const { seed, password, passwordHash } of prepared) {
    try {
      await deps.users.add(User.create({ ...seed, passwordHash }, deps.clock.now()));
      created.push({ username: seed.username, password });
    } catch (error) {
      // Another replica seeded it first: that is the idempotent outcome we want.
      if (!(isDomainError(error) && error.code === 'username-taken')) throw error;
    }
  }
  return created;
}
