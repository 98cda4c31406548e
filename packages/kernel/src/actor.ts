/** The person (or service) on whose behalf something happens, as taken from a verified token. */
export interface Actor {
  /** Stable user name (the token's `preferred_username`, or the client id for services). */
  username: string;
  /** "Apellidos, Nombre" as the administration shows people. */
  displayName: string;
}

/** "Apellidos, Nombre", or whichever part exists, or the user name as a last resort. */
export function displayName(givenName: string | undefined, familyName: string | undefined, username: string): string {
  const given = givenName?.trim() ?? '';
  const family = familyName?.trim() ?? '';
  if (given && family) return `${family}, ${given}`;
  return family || given || username;
}

/**
 * Only the attribution fields of whatever names the actor. A verified principal is an Actor too,
 * and carries the bearer token: storing or publishing it whole would keep credentials in a
 * database or a topic, so everything that records "who" goes through this.
 */
export function actorOf(value: Actor): Actor {
  return { username: value.username, displayName: value.displayName };
}
