import type { JWTPayload } from 'jose';
import { conflict, refusedAccess, type DomainError } from '@tramita/kernel';

/**
 * What a person may do in one organism (ADR 0013): the roles they hold there and the units they
 * belong to. Organisms and units are DIR3 codes.
 */
export interface Membership {
  organism: string;
  roles: string[];
  units: string[];
}

/** The claim the built-in provider writes: every membership of the person. */
export const MEMBERSHIPS_CLAIM = 'memberships';

/** Keycloak group paths read as memberships: `/tramita/<organism>/<role>` and `/tramita/<organism>/units/<unit>`. */
const GROUP_PREFIX = '/tramita/';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : []);

/**
 * The memberships a token states: the `memberships` claim; else Keycloak's `groups` claim (full
 * group paths); else, for a token of a person issued before memberships existed, the token's
 * roles in the installation's default organism. A service token (client credentials) has none.
 */
export function membershipsFromClaims(payload: JWTPayload, options: { defaultOrganism?: string | undefined; isService: boolean }): Membership[] {
  if (options.isService) return [];
  const claimed = payload[MEMBERSHIPS_CLAIM];
  if (Array.isArray(claimed)) return merge(claimed.flatMap(membershipOf));
  const groups = strings(payload.groups).filter((path) => path.startsWith(GROUP_PREFIX));
  if (groups.length > 0) return merge(groups.flatMap(membershipOfGroup));
  const roles = strings(payload.roles);
  return options.defaultOrganism && roles.length > 0 ? [{ organism: options.defaultOrganism, roles, units: [] }] : [];
}

function membershipOf(value: unknown): Membership[] {
  if (typeof value !== 'object' || value === null) return [];
  const entry = value as Record<string, unknown>;
  if (typeof entry.organism !== 'string' || entry.organism === '') return [];
  return [{ organism: entry.organism, roles: strings(entry.roles), units: strings(entry.units) }];
}

/** `/tramita/L01280796/tramitador` → a role; `/tramita/L01280796/units/LA0001234` → a unit. */
function membershipOfGroup(path: string): Membership[] {
  const [organism, kind, unit, ...rest] = path.slice(GROUP_PREFIX.length).split('/');
  if (!organism || !kind || rest.length > 0) return [];
  if (kind === 'units') return unit ? [{ organism, roles: [], units: [unit] }] : [];
  return unit === undefined ? [{ organism, roles: [kind], units: [] }] : [];
}

/** One membership per organism, roles and units without repeats, in the order first seen. */
function merge(memberships: Membership[]): Membership[] {
  const byOrganism = new Map<string, { roles: Set<string>; units: Set<string> }>();
  for (const membership of memberships) {
    const merged = byOrganism.get(membership.organism) ?? { roles: new Set<string>(), units: new Set<string>() };
    for (const role of membership.roles) merged.roles.add(role);
    for (const unit of membership.units) merged.units.add(unit);
    byOrganism.set(membership.organism, merged);
  }
  return [...byOrganism].map(([organism, { roles, units }]) => ({ organism, roles: [...roles], units: [...units] }));
}

/** The units the memberships give in `organism` (none outside it). */
export const unitsIn = (memberships: readonly Membership[], organism: string): string[] =>
  memberships.filter((membership) => membership.organism === organism).flatMap((membership) => membership.units);

/** The role that manages the platform (organisms, shared catalogues), held in the platform's own organism (ADR 0013). */
export const PLATFORM_ADMIN_ROLE = 'platform-admin';

/** A platform service, or a person holding `platform-admin` in the platform's own (default) organism: acts on every organism. */
export const isPlatformAdmin = (caller: OrganismCaller, defaultOrganism: string): boolean =>
  caller.isService || hasRoleIn(caller.memberships, PLATFORM_ADMIN_ROLE, defaultOrganism);

/** The organisms a person belongs to. */
export const organismsOf = (memberships: readonly Membership[]): string[] => memberships.map((membership) => membership.organism);

/** Whether the memberships give `role` in `organism` (a decision about a record is made with the record's organism). */
export const hasRoleIn = (memberships: readonly Membership[], role: string, organism: string): boolean => rolesIn(memberships, organism).includes(role);

/** Who asks, as far as organisms go: a person's memberships, or a platform service that acts in every organism. */
export interface OrganismCaller {
  memberships: readonly Membership[];
  isService: boolean;
}

/** Whether the caller may see records of `organism` (a service token may: it acts for the platform). */
export const canSeeOrganism = (caller: OrganismCaller, organism: string): boolean =>
  caller.isService || caller.memberships.some((membership) => membership.organism === organism);

/** The roles the memberships give in `organism` (none outside it). */
export const rolesIn = (memberships: readonly Membership[], organism: string): string[] =>
  memberships.find((membership) => membership.organism === organism)?.roles ?? [];

/**
 * Which organism's record a code names for this caller, now that codes are unique per organism
 * (ADR 0013): among the organisms holding the code, those the caller may see (and, when the
 * caller said which, that one). `hidden` means only organisms the caller may not see hold it:
 * the caller is answered as for a missing record, and the refusal is audited (ADR 0014).
 */
export type CodeOwner =
  { kind: 'found'; organism: string } | { kind: 'missing' } | { kind: 'hidden'; organism: string } | { kind: 'ambiguous'; organisms: string[] };

export function resolveCodeOwner(holders: readonly string[], caller: OrganismCaller, requested?: string): CodeOwner {
  const visible = holders.filter((organism) => canSeeOrganism(caller, organism) && (requested === undefined || organism === requested));
  if (visible.length === 1) return { kind: 'found', organism: visible[0]! };
  if (visible.length > 1) return { kind: 'ambiguous', organisms: [...visible].sort() };
  const hidden = holders.find((organism) => !canSeeOrganism(caller, organism));
  return hidden === undefined ? { kind: 'missing' } : { kind: 'hidden', organism: hidden };
}

/** 409 for a code that two of the caller's organisms hold: `?organism=` says which (ADR 0013). */
export const fileCodeAmbiguous = (code: string, organisms: readonly string[]) =>
  conflict('file-code-ambiguous', `Expediente ${code} exists in several of your organisms (${organisms.join(', ')}): say which with ?organism=.`, {
    fileCode: code,
    organisms: [...organisms],
  });

/**
 * The organism whose record `code` names for this caller ({@link resolveCodeOwner}), or the
 * answer every service gives otherwise: `missing()` for a missing record and, marked as a refusal
 * for the audit trail (ADR 0014), for one only other organisms hold; 409 when two of the caller's do.
 */
export function ownerOrganismOf(
  holders: readonly string[],
  caller: OrganismCaller,
  code: string,
  requested: string | undefined,
  missing: () => DomainError,
): string {
  const owner = resolveCodeOwner(holders, caller, requested);
  if (owner.kind === 'missing') throw missing();
  if (owner.kind === 'hidden') throw refusedAccess(missing(), { organism: owner.organism, fileCode: code });
  if (owner.kind === 'ambiguous') throw fileCodeAmbiguous(code, owner.organisms);
  return owner.organism;
}
