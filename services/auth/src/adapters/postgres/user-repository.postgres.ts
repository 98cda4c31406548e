import { sql, type Kysely } from 'kysely';
import { User, type UserRole } from '../../domain/user.ts';
import { lastAdministrator, usernameTaken, type UserRepository } from '../../domain/user-repository.ts';
import type { AuthDatabase } from './database.ts';

type Row = AuthDatabase['users'];

const toUser = (row: Row): User =>
  User.restore({
    id: row.id,
    username: row.username,
    givenName: row.given_name,
    familyName: row.family_name,
    roles: (Array.isArray(row.roles) ? row.roles : []) as UserRole[],
    enabled: row.enabled,
    passwordHash: row.password_hash,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });

export class PostgresUserRepository implements UserRepository {
  readonly #db: Kysely<AuthDatabase>;

  constructor(db: Kysely<AuthDatabase>) {
    this.#db = db;
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findByUsernames(usernames: readonly string[]): Promise<User[]> {
    if (usernames.length === 0) return [];
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('username', 'in', [...usernames])
      .orderBy('username')
      .execute();
    return rows.map(toUser);
  }

  async list(): Promise<User[]> {
    const rows = await this.#db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  async add(user: User): Promise<void> {
    const s = user.snapshot();
    const result = await this.#db
      .insertInto('users')
      .values({
        id: s.id,
        username: s.username,
        given_name: s.givenName,
        family_name: s.familyName,
        roles: sql`${JSON.stringify(s.roles)}::jsonb`,
        enabled: s.enabled,
        password_hash: s.passwordHash,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw usernameTaken(s.username);
  }

  async save(user: User): Promise<void> {
    const s = user.snapshot();
    const checkedUpdate = async (trx: Kysely<AuthDatabase>) => {
      // Lock every enabled administrator's row: a concurrent change of another administrator
      // waits here and then sees this one's outcome, so the last one can never be removed twice.
      const admins = await sql<{ username: string }>`select username from users where enabled and roles ? 'admin' for update`.execute(trx);
      const wasAdministrator = admins.rows.some((row) => row.username === s.username);
      const otherAdministrators = admins.rows.filter((row) => row.username !== s.username).length;
      if (wasAdministrator && !user.isActiveAdministrator && otherAdministrators === 0) throw lastAdministrator(s.username);
      await this.#update(trx, user);
    };
    // Bound to a caller's transaction (auth's unit of work), the locks are held until it ends.
    if (this.#db.isTransaction) await checkedUpdate(this.#db);
    else await this.#db.transaction().execute(checkedUpdate);
  }

  async #update(db: Kysely<AuthDatabase>, user: User): Promise<void> {
    const s = user.snapshot();
    await db
      .updateTable('users')
      .set({
        given_name: s.givenName,
        family_name: s.familyName,
        roles: sql`${JSON.stringify(s.roles)}::jsonb`,
        enabled: s.enabled,
        password_hash: s.passwordHash,
        updated_at: s.updatedAt,
      })
      .where('username', '=', s.username)
      .execute();
  }
}
