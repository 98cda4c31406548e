import { notFound, type Clock } from '@tramita/kernel';
import { assertAcceptablePassword } from '../domain/password-policy.ts';
import { normalizeUsername } from '../domain/user.ts';
import type { OrganismRepository } from '../domain/organism-repository.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import { accessChangeReason, type AccessRevocations } from './access-revocations.ts';
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
  /** Where a change that takes access away is announced, so older tokens are refused at once. */
  revocations?: AccessRevocations;
  /** Where the user's other memberships are kept: without them, their roles here may not be emptied. */
  organisms?: OrganismRepository;
}

/**
 * Changes names, roles, the enabled flag or the password of an existing user. Their roles in the
 * platform's own organism may be emptied only while they are a member of another organism: never
 * with no role anywhere.
 */
export async function updateUser(deps: UpdateUserDeps, username: string, input: UpdateUserInput): Promise<UserView> {
  const user = await deps.users.findByUsername(normalizeUsername(username));
  if (!user) throw notFound('user-not-found', `There is no user "${username}".`, { username });
  const now = deps.clock.now();
  const before = { enabled: user.enabled, roles: [...user.roles] };
  const memberElsewhere = input.roles !== undefined && deps.organisms !== undefined && (await deps.organisms.membershipsOf(user.username)).length > 0;
  user.update({ ...input, memberElsewhere }, now);
  if (input.password !== undefined) assertAcceptablePassword(input.password, user);
  if (input.password !== undefined) user.changePasswordHash(await deps.hasher.hash(input.password), now);
  await deps.users.save(user);
  // After the save: a token refreshed from now on carries the new updatedAt and passes; older ones do not.
  const reason = accessChangeReason(before, user, input.password !== undefined);
  if (reason && deps.revocations) await deps.revocations.userAccessChanged(user.username, user.snapshot().updatedAt, reason);
  return toUserView(user);
}
