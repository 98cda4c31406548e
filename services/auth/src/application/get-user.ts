import { notFound } from '@tramita/kernel';
import { normalizeUsername } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';
import { toUserView, type UserView } from './user-view.ts';

export async function getUser(deps: { users: UserRepository }, username: string): Promise<UserView> {
  const user = await deps.users.findByUsername(normalizeUsername(username));
  if (!user) throw notFound('user-not-found', `There is no user "${username}".`, { username });
  return toUserView(user);
}
