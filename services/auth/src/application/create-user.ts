import type { Clock } from '@tramita/kernel';
import { assertAcceptablePassword } from '../domain/password-policy.ts';
import { User } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { toUserView, type UserView } from './user-view.ts';

export interface CreateUserInput {
  username: string;
  givenName: string;
  familyName: string;
  roles: readonly string[];
  password: string;
  /** Made a member of another organism in the same change: `roles` may then be empty. */
  memberElsewhere?: boolean;
}

export interface CreateUserDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock: Clock;
}

/** Registers a person; the name must be free, the password acceptable and the names valid. */
export async function createUser(deps: CreateUserDeps, input: CreateUserInput): Promise<UserView> {
  // Validate everything cheap before paying for the hash.
  const candidate = User.create({ ...input, passwordHash: 'pending' }, deps.clock.now());
  assertAcceptablePassword(input.password, candidate);
  const passwordHash = await deps.hasher.hash(input.password);
  const user = User.create({ ...input, passwordHash }, deps.clock.now());
  await deps.users.add(user);
  return toUserView(user);
}
