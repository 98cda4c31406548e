import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { auditedBy, principalOf, type HttpApp } from '@tramita/platform';
import { actorOf, type Clock } from '@tramita/kernel';
import { calendarCorrectionRequestSchema, calendarSettingsSchema, dir3CodeSchema, inhabilesCalendarSchema, organismCalendarSchema } from '@tramita/contracts';
import type { BpmRepositories, UnitOfWork } from '../../application/ports.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';
import { getOrganismCalendar, type CalendarChanger } from '../../application/get-organism-calendar.ts';
import { saveCalendarSettings } from '../../application/save-calendar-settings.ts';
import { proposeCalendarCorrection } from '../../application/propose-calendar-correction.ts';
import { approveCalendarCorrection } from '../../application/approve-calendar-correction.ts';
import { publishInhabiles } from '../../application/publish-inhabiles.ts';
import { ICS_CONTENT_TYPE, inhabilesIcs } from './inhabiles-ics.ts';
import { HTML_CONTENT_TYPE, INHABILES_HTML_CSP, inhabilesHtml } from './inhabiles-html.ts';

export interface CalendarHttpDeps {
  /** Repositories for plain reads (outside any transaction). */
  repositories: BpmRepositories;
  unitOfWork: UnitOfWork;
  clock: Clock;
  calendarDefaults: CalendarDefaults;
  /** The platform's own organism, where platform administrators hold their role (ADR 0013). */
  defaultOrganism: string;
}

export type InhabilesFormat = 'json' | 'html' | 'ics';

const MEDIA_FORMATS: Record<string, InhabilesFormat> = {
  'application/json': 'json',
  'application/*': 'json',
  '*/*': 'json',
  'text/html': 'html',
  'text/calendar': 'ics',
};

/**
 * The representation asked for: `?format=` first, else the Accept header's most preferred type
 * bpm can produce (JSON, text/html or text/calendar, by q-value, ties in the header's order), else JSON.
 */
export function negotiateFormat(format: InhabilesFormat | undefined, accept: string | undefined): InhabilesFormat {
  if (format) return format;
  const offers = (accept ?? '')
    .split(',')
    .map((entry, index) => {
      const [type = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      return { format: MEDIA_FORMATS[type], q: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter((offer): offer is { format: InhabilesFormat; q: number; index: number } => offer.format !== undefined && offer.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return offers[0]?.format ?? 'json';
}

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });
const organismParams = z.object({ organism: dir3CodeSchema });
const year = z.coerce.number().int().min(2000).max(2100).meta({ type: 'integer', minimum: 2000, maximum: 2100 });
const correctionParams = organismParams.extend({
  year,
  version: z.coerce.number().int().min(1).max(1_000_000).meta({ type: 'integer', minimum: 1, maximum: 1_000_000 }),
});
const inhabilesQuery = z.object({
  format: z.enum(['json', 'html', 'ics']).optional().describe('Instead of the Accept header: json (the default), html or ics (iCalendar).'),
});

/**
 * The organisms' calendars of días inhábiles (ADR 0016): their members read the settings and
 * datasets, their administrators change the seat and propose and approve local corrections, and
 * anyone reads the calendar the sede publishes (art. 31.3 Ley 39/2015), without a token.
 */
export function registerCalendarRoutes(app: HttpApp, deps: CalendarHttpDeps): void {
  const host = { clock: deps.clock, calendarDefaults: deps.calendarDefaults, defaultOrganism: deps.defaultOrganism };
  const who = (request: FastifyRequest<{ Params: { organism: string } }>): CalendarChanger => {
    const principal = principalOf(request);
    return { organism: request.params.organism, caller: principal, actor: actorOf(principal), audited: auditedBy(request) };
  };

  app.get(
    '/api/calendars/:organism',
    {
      schema: {
        tags: ['calendars'],
        summary:
          "An organism's calendar: its seat and zone, and every dataset of holidays that applies there, shipped or its own corrections (members and platform administrators)",
        params: organismParams,
        response: { 200: organismCalendarSchema },
      },
    },
    async (request) => getOrganismCalendar({ ...deps.repositories, ...host }, request.params.organism, principalOf(request)),
  );

  app.put(
    '/api/calendars/:organism/settings',
    {
      schema: {
        tags: ['calendars'],
        summary:
          "State the organism's seat (community, municipality) and zone (arts. 30.7, 31.2 Ley 39/2015); a new seat counts its open plazos again (its admin)",
        params: organismParams,
        body: calendarSettingsSchema,
        response: { 200: organismCalendarSchema },
      },
    },
    async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        saveCalendarSettings({ ...repositories, ...host, outbox, audit }, who(request), request.body),
      ),
  );

  app.post(
    '/api/calendars/:organism/corrections',
    {
      schema: {
        tags: ['calendars'],
        summary:
          "Propose a correction of the organism's local holidays for a year, with its bulletin: a new DRAFT version until a second administrator approves it (its admin)",
        params: organismParams,
        body: calendarCorrectionRequestSchema,
        response: { 201: organismCalendarSchema },
      },
    },
    async (request, reply) => {
      const calendar = await deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        proposeCalendarCorrection({ ...repositories, ...host, outbox, audit }, who(request), request.body),
      );
      return reply.code(201).send(calendar);
    },
  );

  app.post(
    '/api/calendars/:organism/corrections/:year/:version/approve',
    {
      schema: {
        tags: ['calendars'],
        summary: 'Approve a correction proposed by another administrator: it becomes VERIFIED and the open plazos are counted on it (its admin)',
        params: correctionParams,
        response: { 200: organismCalendarSchema },
      },
    },
    async (request) =>
      deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        approveCalendarCorrection({ ...repositories, ...host, outbox, audit }, who(request), { year: request.params.year, version: request.params.version }),
      ),
  );

  app.get(
    '/api/calendars/:organism/inhabiles/:year',
    {
      // art. 31.3 Ley 39/2015: the sede publishes its calendar of días inhábiles; anyone may read it.
      config: { public: true },
      schema: {
        tags: ['calendars'],
        summary:
          "The organ's calendar of días inhábiles for a year, as its sede publishes it (art. 31.3 Ley 39/2015): JSON, an HTML page or iCalendar; no token needed",
        params: organismParams.extend({ year }),
        querystring: inhabilesQuery,
        produces: ['application/json', 'text/html', 'text/calendar'],
        // JSON by default; the HTML page and the iCalendar file are text of their own media types.
        response: {
          200: z.union([inhabilesCalendarSchema, z.string().describe('The HTML page (text/html) or the iCalendar file (text/calendar), as asked.')]),
        },
      },
    },
    async (request, reply) => {
      const published = await publishInhabiles({ ...deps.repositories, ...host }, request.params.organism, request.params.year);
      reply.header('vary', 'accept').header('cache-control', 'public, max-age=300');
      switch (negotiateFormat(request.query.format, request.headers.accept)) {
        case 'html':
          return reply.type(HTML_CONTENT_TYPE).header('content-security-policy', INHABILES_HTML_CSP).send(inhabilesHtml(published.calendar));
        case 'ics':
          return reply
            .type(ICS_CONTENT_TYPE)
            .header('content-disposition', `inline; filename="inhabiles-${request.params.organism}-${request.params.year}.ics"`)
            .send(inhabilesIcs(published));
        case 'json':
          return published.calendar;
      }
    },
  );
}
