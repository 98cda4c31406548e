import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecorderIn, createHttpApp, createLogger, InMemoryAuditTrail, type HttpApp } from '@tramita/platform';
import { createTestIssuer, TEST_ORGANISM, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import { inhabilesCalendarSchema, organismCalendarSchema } from '@tramita/contracts';
import { inMemoryRepositories } from '../in-memory/repositories.in-memory.ts';
import type { UnitOfWork } from '../../application/ports.ts';
import { negotiateFormat, registerCalendarRoutes } from './calendar-routes.ts';

/**
 * bpm's calendar routes on in-memory stores, with real tokens: who may do what, and the public
 * calendar in its three formats. The tests share one store and run in order: the public calendar
 * shows the correction approved before it.
 */

const A = 'L01410917';
const B = 'A01002820';
const SEVILLA = { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const };
const admin: TestUser = { username: 'ana', memberships: [{ organism: A, roles: ['admin'] }] };
const secondAdmin: TestUser = { username: 'bea', memberships: [{ organism: A, roles: ['admin'] }] };
const member: TestUser = { username: 'tomas', memberships: [{ organism: A, roles: ['tramitador'] }] };
const outsider: TestUser = { username: 'olga', memberships: [{ organism: B, roles: ['admin'] }] };

let issuer: TestIssuer;
let app: HttpApp;
const trail = new InMemoryAuditTrail('bpm');

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = await createHttpApp({ service: 'bpm', logger: createLogger({ service: 'bpm', level: 'silent' }), verifyToken: issuer.verifyToken });
  const repositories = inMemoryRepositories();
  const unitOfWork: UnitOfWork = { run: (_cause, work) => work(repositories, { send: () => undefined }, auditRecorderIn(trail, undefined)) };
  registerCalendarRoutes(app, {
    repositories,
    unitOfWork,
    clock: { now: () => new Date('2026-03-02T10:00:00+01:00') },
    calendarDefaults: SEVILLA,
    defaultOrganism: TEST_ORGANISM,
  });
  await app.ready();
});

afterAll(async () => app.close());

async function call(method: 'GET' | 'PUT' | 'POST', url: string, user?: TestUser, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method,
    url,
    headers: { ...(user ? await issuer.headers(user) : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

const correction = {
  year: 2026,
  days: [
    { date: '2026-04-22', name: 'Miércoles de Feria' },
    { date: '2026-06-04', name: 'Corpus Christi' },
    { date: '2026-03-10', name: 'Fiesta local, añadida; con ‹signos›' },
  ],
  source: { bulletin: 'BOJA', reference: 'BOJA núm. 45', url: null, publishedOn: '2026-02-20' },
};

describe('the calendar administration routes', () => {
  it("answers an organism's calendar to its members, and 404 to another organism's people", async () => {
    const read = await call('GET', `/api/calendars/${A}`, member);
    expect(read.statusCode).toBe(200);
    expect(organismCalendarSchema.parse(read.json())).toMatchObject({ organism: A, configured: false, canManage: false, settings: SEVILLA });
    const hidden = await call('GET', `/api/calendars/${A}`, outsider);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ type: expect.stringContaining('organism-not-found') as unknown });
    expect((await call('GET', `/api/calendars/${A}`)).statusCode).toBe(401);
  });

  it("refuses a member who is not an administrator (403) and another organism's administrator (404) the settings and corrections", async () => {
    expect((await call('PUT', `/api/calendars/${A}/settings`, member, SEVILLA)).statusCode).toBe(403);
    expect((await call('PUT', `/api/calendars/${A}/settings`, outsider, SEVILLA)).statusCode).toBe(404);
    expect((await call('POST', `/api/calendars/${A}/corrections`, member, correction)).statusCode).toBe(403);
    expect((await call('POST', `/api/calendars/${A}/corrections`, outsider, correction)).statusCode).toBe(404);
    expect((await call('POST', `/api/calendars/${A}/corrections/2026/2/approve`, outsider)).statusCode).toBe(404);
  });

  it('lets an administrator state the seat and propose a correction (201), and a second one approve it while the proposer gets 409', async () => {
    const saved = await call('PUT', `/api/calendars/${A}/settings`, admin, SEVILLA);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ configured: true, canManage: true });

    const proposed = await call('POST', `/api/calendars/${A}/corrections`, admin, correction);
    expect(proposed.statusCode).toBe(201);
    const draft = organismCalendarSchema.parse(proposed.json()).datasets.find((dataset) => dataset.origin === 'ORGANISM');
    expect(draft).toMatchObject({ territory: '41091', version: 2, status: 'DRAFT' });

    const same = await call('POST', `/api/calendars/${A}/corrections/2026/2/approve`, admin);
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({ type: expect.stringContaining('same-approver') as unknown });

    const approved = await call('POST', `/api/calendars/${A}/corrections/2026/2/approve`, secondAdmin);
    expect(approved.statusCode).toBe(200);
    expect(organismCalendarSchema.parse(approved.json()).datasets.find((dataset) => dataset.origin === 'ORGANISM')).toMatchObject({
      status: 'VERIFIED',
      verifiedBy: ['ana', 'bea'],
    });
    expect(trail.entries.map((entry) => entry.action)).toEqual(['calendar.settings', 'calendar.correction.propose', 'calendar.correction.approve']);
  });

  it('refuses a correction with a day outside its year (422) and a malformed one (400)', async () => {
    const outside = await call('POST', `/api/calendars/${A}/corrections`, admin, { ...correction, days: [{ date: '2027-01-01', name: 'Año nuevo' }] });
    expect(outside.statusCode).toBe(422);
    const malformed = await call('POST', `/api/calendars/${A}/corrections`, admin, { ...correction, source: { bulletin: 'B', reference: 'x' } });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('the public calendar of días inhábiles (art. 31.3)', () => {
  const url = `/api/calendars/${A}/inhabiles/2026`;

  it('answers JSON without a token by default, with the approved local holiday', async () => {
    const response = await call('GET', url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const calendar = inhabilesCalendarSchema.parse(response.json());
    expect(calendar).toMatchObject({ organism: A, year: 2026, status: 'FINAL' });
    expect(calendar.days.map((day) => day.date)).toContain('2026-03-10');
  });

  it('answers an accessible HTML page for ?format=html and for Accept: text/html, loading nothing from elsewhere', async () => {
    for (const response of [
      await call('GET', `${url}?format=html`),
      await call('GET', url, undefined, undefined, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }),
    ]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.body).toContain('<html lang="es">');
      expect(response.body).toContain('Fiesta local, añadida; con ‹signos›');
    }
  });

  it('answers iCalendar for ?format=ics and for Accept: text/calendar, with CRLF lines and the holiday escaped', async () => {
    for (const response of [await call('GET', `${url}?format=ics`), await call('GET', url, undefined, undefined, { accept: 'text/calendar' })]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(response.body.replaceAll('\r\n ', '')).toContain('SUMMARY:Fiesta local\\, añadida\\; con ‹signos›\r\n');
      expect(response.body).toContain(`UID:2026-03-10-${A}@tramita`);
    }
  });

  it('answers 404 for an organism bpm does not know, 400 for a year out of range or an unknown format', async () => {
    expect((await call('GET', `/api/calendars/${B}/inhabiles/2026`)).statusCode).toBe(404);
    expect((await call('GET', `/api/calendars/${A}/inhabiles/1999`)).statusCode).toBe(400);
    expect((await call('GET', `${url}?format=pdf`)).statusCode).toBe(400);
  });

  it('needs no token only for the published calendar', async () => {
    expect((await call('GET', `/api/calendars/${A}`)).statusCode).toBe(401);
    expect((await call('PUT', `/api/calendars/${A}/settings`, undefined, SEVILLA)).statusCode).toBe(401);
  });
});

describe("the calendar routes in bpm's API document", () => {
  it('lists every calendar operation, the public one with its three media types', async () => {
    const document = (await call('GET', '/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    }>();
    expect(
      Object.keys(document.paths)
        .filter((path) => path.startsWith('/api/calendars'))
        .sort(),
    ).toEqual([
      '/api/calendars/{organism}',
      '/api/calendars/{organism}/corrections',
      '/api/calendars/{organism}/corrections/{year}/{version}/approve',
      '/api/calendars/{organism}/inhabiles/{year}',
      '/api/calendars/{organism}/settings',
    ]);
    const published = document.paths['/api/calendars/{organism}/inhabiles/{year}']!.get!;
    expect(Object.keys(published.responses['200']!.content ?? {})).toEqual(['application/json', 'text/html', 'text/calendar']);
    expect(Object.keys(published.responses)).not.toContain('401');
  });
});

describe('choosing the format of the public calendar', () => {
  it('prefers ?format=, then the most preferred Accept type bpm produces, else JSON', () => {
    expect(negotiateFormat('ics', 'text/html')).toBe('ics');
    expect(negotiateFormat(undefined, undefined)).toBe('json');
    expect(negotiateFormat(undefined, 'text/html;q=0.5, text/calendar')).toBe('ics');
    expect(negotiateFormat(undefined, 'application/json, text/html')).toBe('json');
    expect(negotiateFormat(undefined, 'text/calendar;q=0, text/html')).toBe('html');
    expect(negotiateFormat(undefined, 'image/png')).toBe('json');
  });
});
