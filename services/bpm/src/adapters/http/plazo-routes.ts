import { z } from 'zod';
import { auditedBy, principalOf, type HttpApp } from '@tramita/platform';
import { actorOf, type Clock } from '@tramita/kernel';
import type { FastifyRequest } from 'fastify';
import {
  extendPlazoRequestSchema,
  filePlazosSchema,
  noticeListSchema,
  plazoContextRequestSchema,
  plazoResourceSchema,
  plazoStartRequestSchema,
  resumePlazoRequestSchema,
  suspendPlazoRequestSchema,
} from '@tramita/contracts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';
import { listPlazos } from '../../application/list-plazos.ts';
import { suspendPlazo } from '../../application/suspend-plazo.ts';
import { resumePlazo } from '../../application/resume-plazo.ts';
import { extendPlazo } from '../../application/extend-plazo.ts';
import { startPlazo } from '../../application/start-plazo.ts';
import { setPlazoContext } from '../../application/set-plazo-context.ts';
import { listNotices, readNotice } from '../../application/notices.ts';
import { fileCodeParams, organismQuery } from './schemas.ts';

export interface PlazoHttpDeps {
  /** Repositories for plain reads (outside any transaction). */
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  clock: Clock;
  calendarDefaults: CalendarDefaults;
}

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });
const plazoParams = fileCodeParams.extend({ plazoId: z.string().min(1).max(300) });
const suspensionParams = plazoParams.extend({ suspensionId: z.string().min(1).max(100) });

/** An expediente's plazos (ADR 0016): read them, suspend, resume and extend them, state the residence and channel; and the caller's notices. */
export function registerPlazoRoutes(app: HttpApp, deps: PlazoHttpDeps): void {
  const target = (request: FastifyRequest<{ Params: { code: string; plazoId: string }; Querystring: { organism?: string | undefined } }>) => {
    const principal = principalOf(request);
    return {
      fileCode: request.params.code,
      plazoId: request.params.plazoId,
      organism: request.query.organism,
      caller: principal,
      actor: actorOf(principal),
      audited: auditedBy(request),
    };
  };
  const host = { clock: deps.clock, calendarDefaults: deps.calendarDefaults };

  app.get(
    '/api/files/:code/plazos',
    {
      schema: {
        tags: ['plazos'],
        summary:
          "The expediente's plazos: the maximum to resolve and notify and each trámite's, with due date, explanation, suspensions, extensions and history",
        params: fileCodeParams,
        querystring: organismQuery,
        response: { 200: filePlazosSchema },
      },
    },
    async (request) => listPlazos({ ...deps.repositories, ...host }, request.params.code, principalOf(request), request.query.organism),
  );

  app.put(
    '/api/files/:code/plazos/context',
    {
      schema: {
        tags: ['plazos'],
        summary: "State the interested party's residence and the channel (art. 30.6 Ley 39/2015); open plazos are counted again",
        params: fileCodeParams,
        querystring: organismQuery,
        body: plazoContextRequestSchema,
        response: { 200: filePlazosSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        setPlazoContext(
          { ...repositories, ...host, outbox, audit },
          { fileCode: request.params.code, organism: request.query.organism, caller: principal, actor: actorOf(principal), audited: auditedBy(request) },
          request.body,
        ),
      );
    },
  );

  app.put(
    '/api/files/:code/plazos/:plazoId/start',
    {
      schema: {
        tags: ['plazos'],
        summary: 'State the dies a quo of the maximum plazo: the acuerdo de iniciación or the entry in the competent registry (art. 21.3 Ley 39/2015)',
        params: plazoParams,
        querystring: organismQuery,
        body: plazoStartRequestSchema,
        response: { 200: plazoResourceSchema },
      },
    },
    async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        startPlazo({ ...repositories, ...host, outbox, audit }, target(request), request.body),
      ),
  );

  app.post(
    '/api/files/:code/plazos/:plazoId/suspensions',
    {
      schema: {
        tags: ['plazos'],
        summary: 'Suspend the maximum plazo for a legal cause (art. 22 Ley 39/2015)',
        params: plazoParams,
        querystring: organismQuery,
        body: suspendPlazoRequestSchema,
        response: { 201: plazoResourceSchema },
      },
    },
    async (request, reply) => {
      const plazo = await deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        suspendPlazo({ ...repositories, ...host, outbox, audit }, target(request), request.body),
      );
      return reply.code(201).send(plazo);
    },
  );

  app.post(
    '/api/files/:code/plazos/:plazoId/suspensions/:suspensionId/end',
    {
      schema: {
        tags: ['plazos'],
        summary: 'End a suspension: the cause ended and the plazo runs again (art. 22 Ley 39/2015)',
        params: suspensionParams,
        querystring: organismQuery,
        body: resumePlazoRequestSchema,
        response: { 200: plazoResourceSchema },
      },
    },
    async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        resumePlazo({ ...repositories, ...host, outbox, audit }, { ...target(request), suspensionId: request.params.suspensionId }, request.body),
      ),
  );

  app.post(
    '/api/files/:code/plazos/:plazoId/extensions',
    {
      schema: {
        tags: ['plazos'],
        summary: 'Extend a plazo before it expires (arts. 23, 32 and 68.2 Ley 39/2015)',
        params: plazoParams,
        querystring: organismQuery,
        body: extendPlazoRequestSchema,
        response: { 201: plazoResourceSchema },
      },
    },
    async (request, reply) => {
      const plazo = await deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        extendPlazo({ ...repositories, ...host, outbox, audit }, target(request), request.body),
      );
      return reply.code(201).send(plazo);
    },
  );

  app.get(
    '/api/notices',
    {
      schema: {
        tags: ['plazos'],
        summary: 'What I am told about the expedientes I am responsible for: plazos expired, communicated dates moved',
        response: { 200: noticeListSchema },
      },
    },
    async (request) => listNotices(deps.repositories, principalOf(request)),
  );

  app.post(
    '/api/notices/:noticeId/read',
    { schema: { tags: ['plazos'], summary: 'Mark one of my notices read', params: z.object({ noticeId: z.string().min(1).max(400) }) } },
    async (request, reply) => {
      await deps.unitOfWork.run(causeOf(request), (repositories) => readNotice(repositories, request.params.noticeId, principalOf(request), deps.clock.now()));
      return reply.code(204).send();
    },
  );
}
