import { DomainError, systemClock, type Clock } from '@tramita/kernel';
import type { FastifyRequest } from 'fastify';
import { auditedBy, hasRoleIn, principalOf, type HttpApp } from '@tramita/platform';
import type { AuthUnitOfWork } from '../../application/ports.ts';
import { z } from 'zod';
import { userLookupSchema, userMembershipSchema } from '@tramita/contracts';
import { createUser } from '../../application/create-user.ts';
import { getUser } from '../../application/get-user.ts';
import { listUsers } from '../../application/list-users.ts';
import { lookupUsers, MAX_LOOKUP } from '../../application/lookup-users.ts';
import type { PasswordHasher } from '../../application/password-hasher.ts';
import { updateUser } from '../../application/update-user.ts';
import { storedMembershipsOf } from '../../application/memberships.ts';
import type { UserView as UserViewData } from '../../application/user-view.ts';
import type { OrganismRepository } from '../../domain/organism-repository.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_POLICY_TEXT } from '../../domain/password-policy.ts';
import { NAME_MAX, USER_ROLES } from '../../domain/user.ts';
import type { UserRepository } from '../../domain/user-repository.ts';

/** This service's part of the public API document: its title, what it does, its tags. */
export const AUTH_API = {
  title: 'Tramita auth',
  description: 'Users and roles. The OpenID Connect endpoints are described by /auth/.well-known/openid-configuration.',
  tags: [{ name: 'users', description: 'People who can log in, their roles and display names' }],
};

const Role = z.enum(USER_ROLES);

const UserView = z.object({
  username: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  displayName: z.string().describe('"Apellidos, Nombre"'),
  roles: z.array(Role),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberships: z
    .array(userMembershipSchema)
    .optional()
    .describe('Where the user belongs and their roles and units there (ADR 0013): `roles` are those of the platform organism'),
});

const NAME_RULE = 'Letters required; no control, formatting (bidirectional) or invisible characters.';
const Name = z.string().min(1).max(NAME_MAX).describe(NAME_RULE);
const Roles = z.array(Role).min(1).max(USER_ROLES.length).describe('At least one role.');
// The lengths are stated for the document; the policy itself answers `weak-password` naming every rule broken.
const Password = z.string().max(1024).meta({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }).describe(PASSWORD_POLICY_TEXT);

const CreateUserBody = z.object({
  username: z.string().max(64).describe('3 to 32 characters among a-z, 0-9, ".", "_" and "-" (upper case is lowered).'),
  givenName: Name,
  familyName: Name,
  roles: Roles,
  password: Password,
});

const UpdateUserBody = z
  .object({
    givenName: Name.optional(),
    familyName: Name.optional(),
    roles: z
      .array(Role)
      .max(USER_ROLES.length)
      .optional()
      .describe("Roles in the platform's organism; empty only for a member of another organism (never no role anywhere: 400 roles-required)."),
    enabled: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict();

const UsernameParams = z.object({ username: z.string().max(64) });

export interface UserRoutesDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock?: Clock;
  /** The platform's own organism: its administrators manage the accounts (ADR 0013). */
  defaultOrganism: string;
  /** A change, its revocation message and its audit entry commit together (ADR 0010, 0014). */
  unitOfWork: AuthUnitOfWork;
  /** Where memberships of other organisms are kept: reading accounts shows them. */
  organisms?: OrganismRepository;
}

const causeOf = (request: { id: string }) => ({ source: 'auth', correlationId: request.id, causationId: null });

/**
 * `/api/users`: the accounts of the installation, managed by the administrators of the platform's
 * own organism (an organism's administrator manages its members through /api/organisms, never
 * another organism's people); and the display-name lookup (any caller).
 */
export function registerUserRoutes(app: HttpApp, deps: UserRoutesDeps): void {
  const useCaseDeps = { users: deps.users, hasher: deps.hasher, clock: deps.clock ?? systemClock };
  const withMemberships = async (views: UserViewData[]): Promise<UserViewData[]> => {
    if (!deps.organisms) return views;
    const memberships = await storedMembershipsOf({ organisms: deps.organisms, defaultOrganism: deps.defaultOrganism }, views);
    return views.map((view) => ({ ...view, memberships: memberships.get(view.username) ?? [] }));
  };
  const admin = async (request: FastifyRequest) => {
    const principal = principalOf(request);
    if (principal.isService || hasRoleIn(principal.memberships, 'admin', deps.defaultOrganism)) return;
    throw new DomainError('role-required', 'forbidden', `Managing accounts needs the role admin in the platform's organism (${deps.defaultOrganism}).`, {
      requiredRoles: ['admin'],
    });
  };

  app.get(
    '/api/users/lookup',
    {
      schema: {
        tags: ['users'],
        summary: 'Display names of users, for showing who did what (unknown names are left out)',
        querystring: z.object({
          usernames: z
            .string()
            .max(MAX_LOOKUP * 40)
            .describe('Comma-separated user names'),
        }),
        response: { 200: userLookupSchema },
      },
    },
    async (request) => ({ users: await lookupUsers(deps, request.query.usernames.split(',')) }),
  );

  app.get(
    '/api/users',
    {
      preValidation: admin,
      schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: z.object({ users: z.array(UserView) }) } },
    },
    async () => ({ users: await withMemberships(await listUsers(deps)) }),
  );

  app.post(
    '/api/users',
    {
      preValidation: admin,
      schema: { tags: ['users'], summary: 'Create a user (admin)', body: CreateUserBody, response: { 201: UserView } },
    },
    async (request, reply) => {
      const user = await deps.unitOfWork.run(causeOf(request), async (writes) => {
        const created = await createUser({ ...useCaseDeps, users: writes.users }, request.body);
        await writes.audit.record(
          { action: 'user.create', organism: deps.defaultOrganism, details: { username: created.username, roles: created.roles } },
          auditedBy(request),
        );
        return created;
      });
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/users/:username',
    {
      preValidation: admin,
      schema: { tags: ['users'], summary: 'Read a user (admin)', params: UsernameParams, response: { 200: UserView } },
    },
    async (request) => (await withMemberships([await getUser(deps, request.params.username)]))[0]!,
  );

  app.patch(
    '/api/users/:username',
    {
      preValidation: admin,
      schema: {
        tags: ['users'],
        summary:
          'Change names, roles, enabled flag or password of a user (admin); never leaves the platform without an enabled administrator (409 last-administrator)',
        params: UsernameParams,
        body: UpdateUserBody,
        response: { 200: UserView },
      },
    },
    async (request) => {
      const view = await deps.unitOfWork.run(causeOf(request), async (writes) => {
        const updated = await updateUser(
          { ...useCaseDeps, users: writes.users, revocations: writes.revocations, organisms: writes.organisms },
          request.params.username,
          request.body,
        );
        // Which fields, never the password itself (the entry refuses any key that names one).
        await writes.audit.record(
          {
            action: 'user.update',
            organism: deps.defaultOrganism,
            details: { username: updated.username, changed: Object.keys(request.body).map((field) => (field === 'password' ? 'credential' : field)) },
          },
          auditedBy(request),
        );
        return updated;
      });
      request.log.info({ username: view.username, by: request.principal?.username, fields: Object.keys(request.body) }, 'user updated');
      return view;
    },
  );
}
