import { createHash, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../application/password-hasher.ts';

/** A fast, NOT memory-hard hasher for unit tests only (argon2 is slow on purpose). */
export class InMemoryPasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    return `test-sha256:${createHash('sha256').update(password).digest('hex')}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    const expected = Buffer.from(await this.hash(password));
    const given = Buffer.from(hash);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
