import { normalizeUsername } from '../domain/user.ts';
import type { UserRepository } from '../domain/user-repository.ts';

/** The public face of a user, for showing who did what. */
export interface UserCard {
  username: string;
  givenName: string;
  familyName: string;
  /** "Apellidos, Nombre". */
  displayName: string;
}

/** Most names resolved in one call (bounds the query). */
export const MAX_LOOKUP = 100;

/** Resolves user names to display names; unknown names are simply absent. */
export async function lookupUsers(deps: { users: UserRepository }, usernames: readonly string[]): Promise<UserCard[]> {
  const wanted = [...new Set(usernames.map(normalizeUsername).filter((name) => name.length > 0))].slice(0, MAX_LOOKUP);
  if (wanted.length === 0) return [];
  const found = await deps.users.findByUsernames(wanted);
  return found
    .map((user) => ({ username: user.username, givenName: user.givenName, familyName: user.familyName, displayName: user.displayName }))
    .sort((a, b) => a.username.localeCompare(b.username));
}
