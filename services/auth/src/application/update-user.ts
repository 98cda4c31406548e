import { notFound, type Clock } from '@tramita/kernel';
import { assertAcceptablePassword } from '../domain/password-policy.ts';
import { normalizeUsername } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { toUserView, type UserView } from './user-view.ts';

export interface UpdateUserInput {
  givenName?: string;
  familyName?: string;
  roles?: readonly string[];
  enabled?: boolean;
  password?: string;
}

export interface UpdateUserDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock: Clock;
}

/** Changes names, roles, the enabled flag or the password of an existing user. */
export async function updateUser(deps: UpdateUserDeps, username: string, input: UpdateUserInput): Promise<UserView> {
  const user = await deps.users.findByUsername(normalizeUsername(username));
  if (!user) throw notFound('user-not-found', `There is no user "${username}".`, { username });
  const now = deps.clock.now();
  user.update(input, now);
  if (input.password !== undefined) assertAcceptablePassword(input.password, user);
  if (input.password !== undefined) user.changePasswordHash(await deps.hasher.hash(input.password), now);
  await deps.users.save(user);
  return toUserView(user);
}
