import { conflict } from '@tramita/kernel';
import type { User } from './user.ts';

/** Where users are kept. */
export interface UserRepository {
  findByUsername(username: string): Promise<User | undefined>;
  findByUsernames(usernames: readonly string[]): Promise<User[]>;
  /** Every user, ordered by user name. */
  list(): Promise<User[]>;
  /** Adds a new user; throws a `username-taken` conflict if the name exists. */
  add(user: User): Promise<void>;
  /**
   * Saves changes to an existing user. Refuses (`last-administrator`) a change that would leave
   * no enabled administrator, checked atomically with the write: of two administrators demoting
   * each other at once, one is refused.
   */
  save(user: User): Promise<void>;
}

export const lastAdministrator = (username: string) =>
  conflict('last-administrator', `"${username}" is the last enabled administrator: give another user the admin role first.`, { username });

export const usernameTaken = (username: string) => conflict('username-taken', `The user name "${username}" is already taken.`, { username });
