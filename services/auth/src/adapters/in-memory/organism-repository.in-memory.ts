import type { Membership, Organism, Unit } from '../../domain/organism.ts';
import type { OrganismRepository } from '../../domain/organism-repository.ts';

const byCode = <T extends { code: string }>(a: T, b: T) => a.code.localeCompare(b.code);

/** Organisms, units and memberships in Maps; for unit tests and throwaway runs. */
export class InMemoryOrganismRepository implements OrganismRepository {
  readonly #organisms = new Map<string, Organism>();
  readonly #units = new Map<string, Unit>();
  readonly #memberships = new Map<string, Membership & { username: string }>();

  async ensure(organism: Organism): Promise<void> {
    if (!this.#organisms.has(organism.code)) this.#organisms.set(organism.code, { ...organism });
  }

  async find(code: string): Promise<Organism | undefined> {
    const organism = this.#organisms.get(code);
    return organism ? { ...organism } : undefined;
  }

  async list(): Promise<Organism[]> {
    return [...this.#organisms.values()].sort(byCode).map((organism) => ({ ...organism }));
  }

  async add(organism: Organism): Promise<boolean> {
    if (this.#organisms.has(organism.code)) return false;
    this.#organisms.set(organism.code, { ...organism });
    return true;
  }

  async update(organism: Organism): Promise<void> {
    if (this.#organisms.has(organism.code)) this.#organisms.set(organism.code, { ...organism });
  }

  async units(organism: string): Promise<Unit[]> {
    return [...this.#units.values()]
      .filter((unit) => unit.organism === organism)
      .sort(byCode)
      .map((unit) => ({ ...unit }));
  }

  async addUnit(unit: Unit): Promise<boolean> {
    // The database's foreign key: a unit belongs to an existing organism.
    if (!this.#organisms.has(unit.organism)) throw new Error(`no organism ${unit.organism}`);
    const key = `${unit.organism}/${unit.code}`;
    if (this.#units.has(key)) return false;
    this.#units.set(key, { ...unit });
    return true;
  }

  async updateUnit(unit: Unit): Promise<void> {
    const key = `${unit.organism}/${unit.code}`;
    if (this.#units.has(key)) this.#units.set(key, { ...unit });
  }

  async membershipsOf(username: string): Promise<Membership[]> {
    return [...this.#memberships.values()]
      .filter((membership) => membership.username === username)
      .sort((a, b) => a.organism.localeCompare(b.organism))
      .map(({ organism, roles, units }) => ({ organism, roles: [...roles], units: [...units] }));
  }

  async members(organism: string): Promise<(Membership & { username: string })[]> {
    return [...this.#memberships.values()]
      .filter((membership) => membership.organism === organism)
      .sort((a, b) => a.username.localeCompare(b.username))
      .map((membership) => ({ ...membership, roles: [...membership.roles], units: [...membership.units] }));
  }

  async setMembership(username: string, membership: Membership): Promise<void> {
    if (!this.#organisms.has(membership.organism)) throw new Error(`no organism ${membership.organism}`);
    this.#memberships.set(`${username}/${membership.organism}`, {
      username,
      organism: membership.organism,
      roles: [...membership.roles],
      units: [...membership.units],
    });
  }

  async removeMembership(username: string, organism: string): Promise<boolean> {
    return this.#memberships.delete(`${username}/${organism}`);
  }
}
