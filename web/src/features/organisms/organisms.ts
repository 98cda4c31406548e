import type {
  CreateAccountBody as CreateAccountBodyResource,
  MemberResource,
  UpdateAccountBody as UpdateAccountBodyResource,
  catalogueChangeBodySchema,
  OrganismResource,
  createOrganismBodySchema,
  createUnitBodySchema,
  memberListSchema,
  organismListSchema,
  setMemberBodySchema,
  unitListSchema,
  unitSchema,
} from '@tramita/contracts';
import { ApiError, problemKey } from '../api/problem.ts';

export type Organism = OrganismResource;
export type Member = MemberResource;
/** The contracts name no type for these shapes: they are read off the schemas (the web imports only types). */
export type Unit = ReturnType<typeof unitSchema.parse>;
export type OrganismList = ReturnType<typeof organismListSchema.parse>;
export type UnitList = ReturnType<typeof unitListSchema.parse>;
export type MemberList = ReturnType<typeof memberListSchema.parse>;
export type CreateOrganismBody = ReturnType<typeof createOrganismBodySchema.parse>;
export type CreateUnitBody = ReturnType<typeof createUnitBodySchema.parse>;
export type CatalogueChangeBody = ReturnType<typeof catalogueChangeBodySchema.parse>;
export type SetMemberBody = ReturnType<typeof setMemberBodySchema.parse>;
export type CreateAccountBody = CreateAccountBodyResource;
export type UpdateAccountBody = UpdateAccountBodyResource;

/** The roles a membership may hold, in the order an administrator reads them; `platform-admin` is held in the platform's own organism only. */
export const MEMBER_ROLES = ['tramitador', 'tecnico', 'validador', 'consulta', 'admin'] as const;
export const PLATFORM_ADMIN = 'platform-admin';

/** Whether the signed-in person may open the organisms pages (they administer one, or the platform). */
export const administersOrganisms = (roles: readonly string[]) => roles.includes('admin') || roles.includes(PLATFORM_ADMIN);

/**
 * The server's rule for a DIR3 code (Real Decreto 4/2010, art. 9, the Esquema Nacional de
 * Interoperabilidad's common directory), checked before sending: 9 letters or digits, the first a
 * letter. Typed in lower case it is upper-cased, as the server does.
 */
const DIR3_CODE = /^[A-Z][A-Z0-9]{8}$/;
export const normalizeDir3 = (value: string) => value.trim().toUpperCase();
export const isDir3Code = (value: string) => DIR3_CODE.test(normalizeDir3(value));

/** The longest name of an organism or unit the server keeps. */
export const NAME_MAX = 200;

export const organismPath = (code: string) => `/api/organisms/${encodeURIComponent(code)}`;

/** Problem codes of the organisms routes with a sentence of their own (`organisms.problems.<code>`). */
const OWN = new Set([
  'invalid-dir3-code',
  'invalid-name',
  'organism-exists',
  'organism-not-found',
  'default-organism',
  'unit-exists',
  'unit-not-found',
  'roles-required',
  'unknown-role',
  'platform-admin-elsewhere',
  'unknown-unit',
  'units-not-here',
  'user-not-found',
  'member-not-found',
  'last-organism-administrator',
  'default-membership',
  'username-taken',
  'invalid-username',
  'weak-password',
  'account-not-found',
  'own-account',
  'last-membership',
]);

/** The catalogue key for a refusal of the organisms routes: its own sentence, else the app's. */
export function organismProblemKey(error: unknown): string {
  if (error instanceof ApiError && OWN.has(error.code)) return `organisms.problems.${error.code}`;
  return problemKey(error);
}

/** Which field of a form a refusal is about (the server names the code; the field is ours to place). */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  'invalid-dir3-code': 'code',
  'organism-exists': 'code',
  'unit-exists': 'code',
  'invalid-name': 'name',
  'user-not-found': 'username',
  'username-taken': 'username',
  'invalid-username': 'username',
  'weak-password': 'password',
  'roles-required': 'roles',
  'unknown-role': 'roles',
  'platform-admin-elsewhere': 'roles',
  'last-organism-administrator': 'roles',
  'unknown-unit': 'units',
  'units-not-here': 'units',
};

/** The field a refusal belongs by, when the form has it; otherwise it is shown above the buttons. */
export function fieldOfProblem(error: unknown, fields: readonly string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const own = FIELD_OF_CODE[error.code];
  if (own && fields.includes(own)) return own;
  // A request the schema refused names the field by path (`body.code`).
  for (const issue of error.fieldErrors) {
    const name = issue.path.split('.').at(-1);
    if (name && fields.includes(name)) return name;
  }
  return undefined;
}

/** Roles in the catalogue's words, in the order of MEMBER_ROLES. */
export function sortRoles(roles: readonly string[]): string[] {
  const order: readonly string[] = [PLATFORM_ADMIN, ...MEMBER_ROLES];
  return [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
