import type { Membership, Organism, Unit } from './organism.ts';

/** Where organisms, their units and the memberships in organisms other than the default one are kept. */
export interface OrganismRepository {
  /** Writes the default organism's row if it is missing (it holds every user's `roles`). */
  ensure(organism: Organism): Promise<void>;
  find(code: string): Promise<Organism | undefined>;
  list(): Promise<Organism[]>;
  /** Adds an organism; false when the code exists. */
  add(organism: Organism): Promise<boolean>;
  update(organism: Organism): Promise<void>;
  units(organism: string): Promise<Unit[]>;
  /** Adds a unit; false when the organism already has that code. */
  addUnit(unit: Unit): Promise<boolean>;
  updateUnit(unit: Unit): Promise<void>;
  /** A user's memberships outside the default organism. */
  membershipsOf(username: string): Promise<Membership[]>;
  /** The members of an organism (other than the default one), by user name. */
  members(organism: string): Promise<(Membership & { username: string })[]>;
  setMembership(username: string, membership: Membership): Promise<void>;
  /** False when there was none. */
  removeMembership(username: string, organism: string): Promise<boolean>;
}
