import { isValidUsername, normalizeUsername, type User } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { PasswordHasher } from './password-hasher.ts';

export interface AuthenticateUserDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  /** A hash of a random string, checked when the user does not exist so timing does not reveal it. */
  decoyHash: string;
}

/** The user these credentials prove, or undefined (unknown name, wrong password or disabled account). */
export async function authenticateUser(deps: AuthenticateUserDeps, username: string, password: string): Promise<User | undefined> {
  // A name no user can have (a NUL byte, a broken character, too long) is never looked up: the store
  // is spared text it may refuse, and the decoy hash still runs so timing reveals nothing.
  const name = normalizeUsername(username);
  const user = isValidUsername(name) ? await deps.users.findByUsername(name) : undefined;
  const valid = await deps.hasher.verify(user?.passwordHash ?? deps.decoyHash, password);
  if (!user || !valid || !user.enabled) return undefined;
  return user;
}
