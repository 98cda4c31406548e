import { z } from 'zod';
import type { Clock } from '@tramita/kernel';
import {
  catalogueChangeBodySchema,
  createOrganismBodySchema,
  createUnitBodySchema,
  memberListSchema,
  memberSchema,
  organismListSchema,
  organismSchema,
  setMemberBodySchema,
  unitListSchema,
  unitSchema,
} from '@tramita/contracts';
import type { FastifyRequest } from 'fastify';
import { auditedBy, principalOf, type AuditDetails, type AuditTrail, type HttpApp } from '@tramita/platform';
import type { AccessRevocations } from '../../application/access-revocations.ts';
import { listMembers, removeMember, setMember } from '../../application/memberships.ts';
import { addUnit, createOrganism, listOrganisms, listUnits, updateOrganism, updateUnit } from '../../application/organisms.ts';
import type { OrganismRepository } from '../../domain/organism-repository.ts';
import type { UserRepository } from '../../domain/user-repository.ts';

export interface OrganismRoutesDeps {
  organisms: OrganismRepository;
  users: UserRepository;
  clock: Clock;
  defaultOrganism: string;
  revocations?: AccessRevocations | undefined;
  /** Every change is recorded after it is made (ADR 0014; not yet in the change's transaction). */
  audit?: Pick<AuditTrail<unknown>, 'recordAlone'> | undefined;
}

const tags = ['organisms'];
const code = z.string().max(9).describe('DIR3 code of the organism');
const organismParams = z.object({ code });
const unitParams = z.object({ code, unit: z.string().max(9) });
const memberParams = z.object({ code, username: z.string().max(64) });

/**
 * `/api/organisms`: organisms (a platform administrator's), their units and their members (each
 * organism's administrators'). Another organism is answered as a missing one (ADR 0013).
 */
export function registerOrganismRoutes(app: HttpApp, deps: OrganismRoutesDeps): void {
  const record = (request: FastifyRequest, action: string, organism: string, details: AuditDetails) =>
    deps.audit?.recordAlone({ action, organism, details }, auditedBy(request));
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
      const organism = await createOrganism(deps, request.body, principalOf(request));
      await record(request, 'organism.create', organism.code, { name: organism.name });
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
      const organism = await updateOrganism(deps, request.params.code, request.body, principalOf(request));
      await record(request, 'organism.update', organism.code, { fields: Object.keys(request.body) });
      return organism;
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
      const unit = await addUnit(deps, request.params.code, request.body, principalOf(request));
      await record(request, 'unit.create', unit.organism, { unit: unit.code });
      return reply.status(201).send(unit);
    },
  );

  app.patch(
    '/api/organisms/:code/units/:unit',
    { schema: { tags, summary: 'Rename a unit or turn it off', params: unitParams, body: catalogueChangeBodySchema, response: { 200: unitSchema } } },
    async (request) => {
      const unit = await updateUnit(deps, request.params.code, request.params.unit, request.body, principalOf(request));
      await record(request, 'unit.update', unit.organism, { unit: unit.code, fields: Object.keys(request.body) });
      return unit;
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
      const member = await setMember(deps, request.params.code, request.params.username, request.body, principalOf(request));
      await record(request, 'member.set', request.params.code, { username: member.username, roles: member.roles, units: member.units });
      return member;
    },
  );

  app.delete(
    '/api/organisms/:code/members/:username',
    { schema: { tags, summary: 'Take a user out of the organism (never its last administrator)', params: memberParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await removeMember(deps, request.params.code, request.params.username, principalOf(request));
      await record(request, 'member.remove', request.params.code, { username: request.params.username });
      return reply.status(204).send(null);
    },
  );
}
