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
  /** Saves changes to an existing user. */
  save(user: User): Promise<void>;
}

export const usernameTaken = (username: string) =>
  conflict('username-taken', `The user name "${username}" is already taken.`, { username });
