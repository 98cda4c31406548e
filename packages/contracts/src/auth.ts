import { z } from 'zod';
import { eventBuilders, type EventChannel } from '@tramita/messaging';
import { topics } from './topics.ts';

/** A person's names, as anyone may look them up to show who did what. */
export const userCardSchema = z.object({
  username: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  displayName: z.string().describe('"Apellidos, Nombre"'),
});
export type UserCard = z.infer<typeof userCardSchema>;

/** `GET /api/users/lookup?usernames=a,b` (auth): the cards of the users that exist (unknown names are left out). */
export const userLookupSchema = z.object({ users: z.array(userCardSchema) });
export type UserLookupResource = z.infer<typeof userLookupSchema>;

/**
 * auth.events: changes of who may do what, so every service refuses access tokens issued before
 * them at once instead of when they expire (ADR 0010). Key: the user name, or the token id.
 */
export const authEvents = {
  /**
   * A user was disabled, given other roles or a new password: every access token of `username`
   * issued before `notBefore` is refused. Tokens carry the user's `updated_at` as claim
   * `user_updated_at` (epoch milliseconds); `notBefore` is the same instant after the change, so
   * the token the user gets by refreshing passes while every older one does not.
   */
  UserAccessChanged: z.object({
    username: z.string().min(1),
    notBefore: z.iso.datetime({ offset: true }),
    reason: z.enum(['disabled', 'roles-changed', 'password-changed', 'deleted']),
  }),
  /** One access token was revoked at `POST /auth/token/revocation`: its `jti` is refused until it expires. */
  AccessTokenRevoked: z.object({
    jti: z.string().min(1),
    username: z.string().nullable(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
} as const;

/** auth.events with the subject of each (the user name, or the token id). */
export const authEventChannel = {
  topic: topics.authEvents,
  events: authEvents,
  subjectOf: { UserAccessChanged: (event) => event.username, AccessTokenRevoked: (event) => event.jti },
} satisfies EventChannel<typeof authEvents>;
/** Typed builders of auth.events messages. */
export const authEventMessages = eventBuilders(authEventChannel);

export type UserAccessChanged = z.infer<typeof authEvents.UserAccessChanged>;
export type AccessTokenRevoked = z.infer<typeof authEvents.AccessTokenRevoked>;

/** Claim of access tokens about a person: the user's `updated_at` when it was issued (epoch ms). */
export const USER_UPDATED_AT_CLAIM = 'user_updated_at';

/** The longest an access token lives (auth's AccessToken TTL): revocations older than this can be forgotten. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** An organism of the installation (ADR 0013), as `GET /api/organisms` (auth) shows it. */
export const organismSchema = z.object({
  code: z.string().describe('DIR3 code'),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type OrganismResource = z.infer<typeof organismSchema>;
export const organismListSchema = z.object({ items: z.array(organismSchema) });

/** `POST /api/organisms` (platform administrator). */
export const createOrganismBodySchema = z.object({
  code: z.string().max(9).describe('DIR3 code: 9 letters or digits, starting with a letter'),
  name: z.string().max(400),
});
/** `PATCH /api/organisms/{code}` and `PATCH /api/organisms/{code}/units/{unit}`. */
export const catalogueChangeBodySchema = z.object({ name: z.string().max(400).optional(), active: z.boolean().optional() }).strict();

/** A unit of an organism. */
export const unitSchema = z.object({ organism: z.string(), code: z.string(), name: z.string(), active: z.boolean() });
export const unitListSchema = z.object({ items: z.array(unitSchema) });
/** `POST /api/organisms/{code}/units`. */
export const createUnitBodySchema = z.object({ code: z.string().max(9).describe('DIR3 code of the unit'), name: z.string().max(400) });

/** Who belongs to an organism, with their roles and units there, and whether the caller manages their account itself. */
export const memberSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  units: z.array(z.string()),
  enabled: z.boolean().describe('Whether the account may log in'),
  accountManaged: z
    .boolean()
    .describe(
      'The organism owns the account (no role in the platform organism, every membership in organisms you administer): you change it at …/accounts/{username}',
    ),
});
export type MemberResource = z.infer<typeof memberSchema>;
export const memberListSchema = z.object({ items: z.array(memberSchema) });
/** `PUT /api/organisms/{code}/members/{username}`: what the user may do in that organism. */
export const setMemberBodySchema = z.object({ roles: z.array(z.string().max(40)).max(10), units: z.array(z.string().max(9)).max(50).default([]) });

/** A user's membership of one organism, as `GET /api/users` and `GET /api/users/{username}` (auth) show it. */
export const userMembershipSchema = z.object({ organism: z.string().describe('DIR3 code'), roles: z.array(z.string()), units: z.array(z.string()) });
export type UserMembershipResource = z.infer<typeof userMembershipSchema>;

const ACCOUNT_NAME = z
  .string()
  .min(1)
  .max(100)
  .describe('1 to 100 characters, letters required; no control, formatting (bidirectional) or invisible characters.');
const ACCOUNT_PASSWORD = z
  .string()
  .max(1024)
  .describe('The password policy applies (12 to 256 characters…): a weak one is refused with 400 `weak-password` naming each rule broken.');

/**
 * `POST /api/organisms/{code}/accounts` (that organism's administrators): an account whose only
 * membership is in that organism. Answered with the member (`memberSchema`).
 */
export const createAccountBodySchema = z.object({
  username: z.string().max(64).describe('3 to 32 characters among a-z, 0-9, ".", "_" and "-" (upper case is lowered); unique in the installation.'),
  givenName: ACCOUNT_NAME,
  familyName: ACCOUNT_NAME,
  password: ACCOUNT_PASSWORD,
  roles: z.array(z.string().max(40)).max(10).describe('Roles in that organism: at least one (400 `roles-required`).'),
  units: z.array(z.string().max(9)).max(50).default([]).describe('Active units of that organism the person belongs to.'),
});
export type CreateAccountBody = z.infer<typeof createAccountBodySchema>;

/** `PATCH /api/organisms/{code}/accounts/{username}`: an account the organism owns. Answered with the member. */
export const updateAccountBodySchema = z
  .object({ givenName: ACCOUNT_NAME.optional(), familyName: ACCOUNT_NAME.optional(), enabled: z.boolean().optional(), password: ACCOUNT_PASSWORD.optional() })
  .strict();
export type UpdateAccountBody = z.infer<typeof updateAccountBodySchema>;
