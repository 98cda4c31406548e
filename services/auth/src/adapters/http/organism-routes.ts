import { z } from 'zod';
import type { Clock } from '@tramita/kernel';
import {
  catalogueChangeBodySchema,
  createAccountBodySchema,
  createOrganismBodySchema,
  createUnitBodySchema,
  memberListSchema,
  memberSchema,
  organismListSchema,
  organismSchema,
  setMemberBodySchema,
  unitListSchema,
  unitSchema,
  updateAccountBodySchema,
} from '@tramita/contracts';
import type { FastifyRequest } from 'fastify';
import { auditedBy, principalOf, type AuditFact, type HttpApp } from '@tramita/platform';
import type { AuthUnitOfWork } from '../../application/ports.ts';
import type { AccessRevocations } from '../../application/access-revocations.ts';
import { listMembers, removeMember, setMember } from '../../application/memberships.ts';
import { createAccount, updateAccount } from '../../application/organism-accounts.ts';
import type { PasswordHasher } from '../../application/password-hasher.ts';
import { addUnit, createOrganism, listOrganisms, listUnits, updateOrganism, updateUnit } from '../../application/organisms.ts';
import type { OrganismRepository } from '../../domain/organism-repository.ts';
import type { UserRepository } from '../../domain/user-repository.ts';

export interface OrganismRoutesDeps {
  organisms: OrganismRepository;
  users: UserRepository;
  /** Hashes the password of an account an organism's administrator creates or resets. */
  hasher: PasswordHasher;
  clock: Clock;
  defaultOrganism: string;
  /** A change, its revocation message and its audit entry commit together (ADR 0010, 0014). */
  unitOfWork: AuthUnitOfWork;
}

const tags = ['organisms'];
const code = z.string().max(9).describe('DIR3 code of the organism');
const organismParams = z.object({ code });
const unitParams = z.object({ code, unit: z.string().max(9) });
const memberParams = z.object({ code, username: z.string().max(64) });
/** Which fields changed, never the password itself (the audit entry refuses any key that names one). */
const changedFields = (body: object) => Object.keys(body).map((field) => (field === 'password' ? 'credential' : field));

/**
 * `/api/organisms`: organisms (a platform administrator's), their units, their members and the
 * accounts they own (each organism's administrators'). Another organism is answered as a missing
 * one (ADR 0013).
 */
export function registerOrganismRoutes(app: HttpApp, deps: OrganismRoutesDeps): void {
  /** Runs `work` with repositories of one transaction and records what `fact` says of its result in it. */
  const change = <T>(
    request: FastifyRequest,
    work: (writes: OrganismRoutesDeps & { revocations: AccessRevocations }) => Promise<T>,
    fact: (result: T) => AuditFact,
  ) =>
    deps.unitOfWork.run({ source: 'auth', correlationId: request.id, causationId: null }, async (writes) => {
      const result = await work({ ...deps, users: writes.users, organisms: writes.organisms, revocations: writes.revocations });
      await writes.audit.record(fact(result), auditedBy(request));
      return result;
    });
  app.get(
    '/api/organisms',
    { schema: { tags, summary: 'Organisms you administer (every one for a platform administrator)', response: { 200: organismListSchema } } },
    async (request) => ({
      items: await listOrganisms(deps, principalOf(request)),
    }),
  );

  app.post(
    '/api/organisms',
    { schema: { tags, summary: 'Add an organism (platform administrator)', body: createOrganismBodySchema, response: { 201: organismSchema } } },
    async (request, reply) => {
      const organism = await change(
        request,
        (writes) => createOrganism(writes, request.body, principalOf(request)),
        (created) => ({ action: 'organism.create', organism: created.code, details: { name: created.name } }),
      );
      return reply.status(201).header('location', `/api/organisms/${organism.code}`).send(organism);
    },
  );

  app.patch(
    '/api/organisms/:code',
    {
      schema: {
        tags,
        summary: 'Rename an organism or turn it off (platform administrator)',
        params: organismParams,
        body: catalogueChangeBodySchema,
        response: { 200: organismSchema },
      },
    },
    async (request) => {
      return change(
        request,
        (writes) => updateOrganism(writes, request.params.code, request.body, principalOf(request)),
        (organism) => ({ action: 'organism.update', organism: organism.code, details: { fields: Object.keys(request.body) } }),
      );
    },
  );

  app.get(
    '/api/organisms/:code/units',
    { schema: { tags, summary: "An organism's units (its administrators)", params: organismParams, response: { 200: unitListSchema } } },
    async (request) => ({ items: await listUnits(deps, request.params.code, principalOf(request)) }),
  );

  app.post(
    '/api/organisms/:code/units',
    {
      schema: {
        tags,
        summary: 'Add a unit (the organism’s administrators)',
        params: organismParams,
        body: createUnitBodySchema,
        response: { 201: unitSchema },
      },
    },
    async (request, reply) => {
      const unit = await change(
        request,
        (writes) => addUnit(writes, request.params.code, request.body, principalOf(request)),
        (added) => ({ action: 'unit.create', organism: added.organism, details: { unit: added.code } }),
      );
      return reply.status(201).send(unit);
    },
  );

  app.patch(
    '/api/organisms/:code/units/:unit',
    { schema: { tags, summary: 'Rename a unit or turn it off', params: unitParams, body: catalogueChangeBodySchema, response: { 200: unitSchema } } },
    async (request) => {
      return change(
        request,
        (writes) => updateUnit(writes, request.params.code, request.params.unit, request.body, principalOf(request)),
        (unit) => ({ action: 'unit.update', organism: unit.organism, details: { unit: unit.code, fields: Object.keys(request.body) } }),
      );
    },
  );

  app.get(
    '/api/organisms/:code/members',
    { schema: { tags, summary: 'Who belongs to the organism, with their roles and units there', params: organismParams, response: { 200: memberListSchema } } },
    async (request) => ({ items: await listMembers(deps, request.params.code, principalOf(request)) }),
  );

  app.put(
    '/api/organisms/:code/members/:username',
    {
      schema: {
        tags,
        summary: "Set a user's roles and units in the organism; their older tokens are refused at once (never its last administrator)",
        params: memberParams,
        body: setMemberBodySchema,
        response: { 200: memberSchema },
      },
    },
    async (request) => {
      return change(
        request,
        (writes) => setMember(writes, request.params.code, request.params.username, request.body, principalOf(request)),
        (member) => ({ action: 'member.set', organism: request.params.code, details: { username: member.username, roles: member.roles, units: member.units } }),
      );
    },
  );

  app.delete(
    '/api/organisms/:code/members/:username',
    { schema: { tags, summary: 'Take a user out of the organism (never its last administrator)', params: memberParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await change(
        request,
        (writes) => removeMember(writes, request.params.code, request.params.username, principalOf(request)),
        () => ({ action: 'member.remove', organism: request.params.code, details: { username: request.params.username } }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/organisms/:code/accounts',
    {
      schema: {
        tags,
        summary:
          'Create an account whose only membership is in the organism (its administrators); 409 username-taken when the login name exists anywhere in the installation',
        params: organismParams,
        body: createAccountBodySchema,
        response: { 201: memberSchema },
      },
    },
    async (request, reply) => {
      const member = await change(
        request,
        (writes) => createAccount(writes, request.params.code, request.body, principalOf(request)),
        (created) => ({
          action: 'account.create',
          organism: request.params.code,
          details: { username: created.username, roles: created.roles, units: created.units },
        }),
      );
      return reply.status(201).send(member);
    },
  );

  app.patch(
    '/api/organisms/:code/accounts/:username',
    {
      schema: {
        tags,
        summary:
          "Change the names, enabled flag or password of an account the organism owns; disabling it or a new password refuses its older tokens at once (never one's own account, never the last administrator)",
        params: memberParams,
        body: updateAccountBodySchema,
        response: { 200: memberSchema },
      },
    },
    async (request) => {
      return change(
        request,
        (writes) => updateAccount(writes, request.params.code, request.params.username, request.body, principalOf(request)),
        (member) => ({ action: 'account.update', organism: request.params.code, details: { username: member.username, changed: changedFields(request.body) } }),
      );
    },
  );
}
