import { systemClock, type Clock } from '@tramita/kernel';
import { requireRole, type HttpApp } from '@tramita/platform';
import { z } from 'zod';
import { createUser } from '../../application/create-user.ts';
import { getUser } from '../../application/get-user.ts';
import { listUsers } from '../../application/list-users.ts';
import { lookupUsers, MAX_LOOKUP } from '../../application/lookup-users.ts';
import type { PasswordHasher } from '../../application/password-hasher.ts';
import { updateUser } from '../../application/update-user.ts';
import { USER_ROLES } from '../../domain/user.ts';
import type { UserRepository } from '../../domain/user-repository.ts';

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
});

const UserCard = z.object({ username: z.string(), givenName: z.string(), familyName: z.string(), displayName: z.string() });

const CreateUserBody = z.object({
  username: z.string().max(64),
  givenName: z.string().max(200),
  familyName: z.string().max(200),
  roles: z.array(Role).max(USER_ROLES.length),
  password: z.string().max(1024).describe('At least 12 characters.'),
});

const UpdateUserBody = z
  .object({
    givenName: z.string().max(200).optional(),
    familyName: z.string().max(200).optional(),
    roles: z.array(Role).max(USER_ROLES.length).optional(),
    enabled: z.boolean().optional(),
    password: z.string().max(1024).optional().describe('At least 12 characters.'),
  })
  .strict();

const UsernameParams = z.object({ username: z.string().max(64) });

export interface UserRoutesDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock?: Clock;
}

/** `/api/users`: administration (role admin) and the display-name lookup (any caller). */
export function registerUserRoutes(app: HttpApp, deps: UserRoutesDeps): void {
  const useCaseDeps = { users: deps.users, hasher: deps.hasher, clock: deps.clock ?? systemClock };
  const admin = requireRole('admin');

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
        response: { 200: z.object({ users: z.array(UserCard) }) },
      },
    },
    async (request) => ({ users: await lookupUsers(deps, request.query.usernames.split(',')) }),
  );

  app.get(
    '/api/users',
    {
      preHandler: admin,
      schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: z.object({ users: z.array(UserView) }) } },
    },
    async () => ({ users: await listUsers(deps) }),
  );

  app.post(
    '/api/users',
    {
      preHandler: admin,
      schema: { tags: ['users'], summary: 'Create a user (admin)', body: CreateUserBody, response: { 201: UserView } },
    },
    async (request, reply) => reply.status(201).send(await createUser(useCaseDeps, request.body)),
  );

  app.get(
    '/api/users/:username',
    {
      preHandler: admin,
      schema: { tags: ['users'], summary: 'Read a user (admin)', params: UsernameParams, response: { 200: UserView } },
    },
    async (request) => getUser(deps, request.params.username),
  );

  app.patch(
    '/api/users/:username',
    {
      preHandler: admin,
      schema: {
        tags: ['users'],
        summary: 'Change names, roles, enabled flag or password of a user (admin)',
        params: UsernameParams,
        body: UpdateUserBody,
        response: { 200: UserView },
      },
    },
    async (request) => {
      const view = await updateUser(useCaseDeps, request.params.username, request.body);
      request.log.info({ username: view.username, by: request.principal?.username, fields: Object.keys(request.body) }, 'user updated');
      return view;
    },
  );
}
