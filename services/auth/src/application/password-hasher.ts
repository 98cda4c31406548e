/** Hashes and checks passwords with a memory-hard function. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or an unreadable hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
}
