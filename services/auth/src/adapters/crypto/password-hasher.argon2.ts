import argon2 from 'argon2';
import type { PasswordHasher } from '../../application/password-hasher.ts';

/** Argon2id with the library's defaults (64 MiB, t=3, p=4 — above OWASP's minimum). */
export class Argon2PasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
