import type { UserRepository } from '../domain/user-repository.ts';
import { toUserView, type UserView } from './user-view.ts';

export async function listUsers(deps: { users: UserRepository }): Promise<UserView[]> {
  return (await deps.users.list()).map(toUserView);
}
