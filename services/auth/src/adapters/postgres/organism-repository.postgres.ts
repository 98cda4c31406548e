import { sql, type Kysely } from 'kysely';
import type { Membership, Organism, Unit } from '../../domain/organism.ts';
import type { OrganismRepository } from '../../domain/organism-repository.ts';
import type { UserRole } from '../../domain/user.ts';
import type { AuthDatabase } from './database.ts';

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : typeof value === 'string' ? (JSON.parse(value) as T[]) : []);
const toOrganism = (row: AuthDatabase['organisms']): Organism => ({ code: row.code, name: row.name, active: row.active, createdAt: new Date(row.created_at) });
const toMembership = (row: AuthDatabase['memberships']): Membership & { username: string } => ({
  username: row.username,
  organism: row.organism,
  roles: list<UserRole>(row.roles),
  units: list<string>(row.units),
});

/** Organisms, units and memberships in auth's database. */
export class PostgresOrganismRepository implements OrganismRepository {
  readonly #db: Kysely<AuthDatabase>;

  constructor(db: Kysely<AuthDatabase>) {
    this.#db = db;
  }

  async ensure(organism: Organism): Promise<void> {
    await this.#db
      .insertInto('organisms')
      .values({ code: organism.code, name: organism.name, active: organism.active, created_at: organism.createdAt })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }

  async find(code: string): Promise<Organism | undefined> {
    const row = await this.#db.selectFrom('organisms').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toOrganism(row) : undefined;
  }

  async list(): Promise<Organism[]> {
    return (await this.#db.selectFrom('organisms').selectAll().orderBy('code').execute()).map(toOrganism);
  }

  async add(organism: Organism): Promise<boolean> {
    const result = await this.#db
      .insertInto('organisms')
      .values({ code: organism.code, name: organism.name, active: organism.active, created_at: organism.createdAt })
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async update(organism: Organism): Promise<void> {
    await this.#db.updateTable('organisms').set({ name: organism.name, active: organism.active }).where('code', '=', organism.code).execute();
  }

  async units(organism: string): Promise<Unit[]> {
    const rows = await this.#db.selectFrom('units').selectAll().where('organism', '=', organism).orderBy('code').execute();
    return rows.map((row) => ({ organism: row.organism, code: row.code, name: row.name, active: row.active }));
  }

  async addUnit(unit: Unit): Promise<boolean> {
    const result = await this.#db
      .insertInto('units')
      .values(unit)
      .onConflict((oc) => oc.columns(['organism', 'code']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async updateUnit(unit: Unit): Promise<void> {
    await this.#db
      .updateTable('units')
      .set({ name: unit.name, active: unit.active })
      .where('organism', '=', unit.organism)
      .where('code', '=', unit.code)
      .execute();
  }

  async membershipsOf(username: string): Promise<Membership[]> {
    const rows = await this.#db.selectFrom('memberships').selectAll().where('username', '=', username).orderBy('organism').execute();
    return rows.map((row) => {
      const { username: _username, ...membership } = toMembership(row);
      return membership;
    });
  }

  async members(organism: string): Promise<(Membership & { username: string })[]> {
    const rows = await this.#db.selectFrom('memberships').selectAll().where('organism', '=', organism).orderBy('username').execute();
    return rows.map(toMembership);
  }

  async setMembership(username: string, membership: Membership): Promise<void> {
    const roles = sql`${JSON.stringify(membership.roles)}::jsonb`;
    const units = sql`${JSON.stringify(membership.units)}::jsonb`;
    await this.#db
      .insertInto('memberships')
      .values({ username, organism: membership.organism, roles, units })
      .onConflict((oc) => oc.columns(['username', 'organism']).doUpdateSet({ roles, units }))
      .execute();
  }

  async removeMembership(username: string, organism: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('memberships').where('username', '=', username).where('organism', '=', organism).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
