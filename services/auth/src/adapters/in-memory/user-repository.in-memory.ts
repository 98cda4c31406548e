import { User, type UserSnapshot } from '../../domain/user.ts';
import { lastAdministrator, usernameTaken, type UserRepository } from '../../domain/user-repository.ts';

/** Users in a Map; for unit tests and throwaway runs. */
export class InMemoryUserRepository implements UserRepository {
  readonly #rows = new Map<string, UserSnapshot>();

  async findByUsername(username: string): Promise<User | undefined> {
    const row = this.#rows.get(username);
    return row ? User.restore(row) : undefined;
  }

  async findByUsernames(usernames: readonly string[]): Promise<User[]> {
    return usernames.flatMap((name) => {
      const row = this.#rows.get(name);
      return row ? [User.restore(row)] : [];
    });
  }

  async list(): Promise<User[]> {
    return [...this.#rows.values()].sort((a, b) => a.username.localeCompare(b.username)).map((row) => User.restore(row));
  }

  async add(user: User): Promise<void> {
    if (this.#rows.has(user.username)) throw usernameTaken(user.username);
    this.#rows.set(user.username, user.snapshot());
  }

  async save(user: User): Promise<void> {
    const wasAdministrator = this.#rows.get(user.username);
    const otherAdministrators = [...this.#rows.values()].filter((row) => row.username !== user.username && row.enabled && row.roles.includes('admin'));
    if (wasAdministrator?.enabled && wasAdministrator.roles.includes('admin') && !user.isActiveAdministrator && otherAdministrators.length === 0) {
      throw lastAdministrator(user.username);
    }
    this.#rows.set(user.username, user.snapshot());
  }
}
