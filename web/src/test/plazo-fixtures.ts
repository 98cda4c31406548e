import type { FileListItem, FilePlazosResource, NoticeListResource, OrganismCalendarResource, PlazoResource, TaskResource } from '@tramita/contracts';
// The schemas are read from their own module: the package's index also loads the messaging
// contracts, which need Node's file URLs that the jsdom environment does not give.
import { filePlazosSchema, noticeListSchema, organismCalendarSchema, plazoResourceSchema } from '../../../packages/contracts/src/plazos.ts';
import { fileListItemSchema } from '../../../packages/contracts/src/search.ts';
import { taskResourceSchema } from '../../../packages/contracts/src/tasks.ts';

/** A task as bpm's contract reads it (with its `plazo`), checked by the schema. */
export const asTask = (task: unknown): TaskResource => taskResourceSchema.parse(task);
/** A list row as the index's contract reads it (with its `plazo`), checked by the schema. */
export const asListRow = (row: unknown): FileListItem => fileListItemSchema.parse(row);

/**
 * Fakes of bpm's legal-time resources, each parsed with its contract's schema so a fake can never
 * drift from what bpm serves (ADR 0016).
 */
const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };

export function maximoPlazo(overrides: Partial<PlazoResource> = {}): PlazoResource {
  return plazoResourceSchema.parse({
    plazoId: 'max',
    kind: 'MAXIMO',
    name: 'Plazo máximo para resolver y notificar',
    taskId: null,
    duration: { value: 3, unit: 'MESES' },
    durationText: '3 meses',
    legalBasis: 'art. 21.3 de la Ley 39/2015 (el procedimiento no fija plazo)',
    startedAt: '2026-01-09T09:15:00+01:00',
    initiation: 'SOLICITUD',
    expiryEffect: 'SILENCIO_POSITIVO',
    state: 'RUNNING',
    due: {
      status: 'PROVISIONAL',
      date: '2026-04-10',
      endsAt: '2026-04-10T23:59:59.999+02:00',
      explanation: {
        skipped: [
          { date: '2026-04-02', reasons: [{ kind: 'HOLIDAY', name: 'Jueves Santo', territory: 'ES-AN', territoryName: 'Andalucía', source: 'BOJA-2025-1' }] },
        ],
        calendars: [
          { year: 2026, territory: 'ES', version: 1, status: 'VERIFIED' },
          { year: 2026, territory: '41091', version: 2, status: 'DRAFT' },
          { year: 2027, territory: 'ES', version: null, status: 'MISSING' },
        ],
        articles: ['art. 21.3', 'art. 30.4'],
        lines: ['Cuenta desde el 9 de enero de 2026 (art. 30.4).', 'El 9 de abril es inhábil en Andalucía (Jueves Santo): el plazo pasa al día siguiente.'],
      },
    },
    trafficLight: 'IN_TIME',
    timeLeft: 'quedan 2 meses y 5 días',
    suspensions: [
      {
        id: 's1',
        cause: '22.1.a',
        causeLabel: 'requerimiento de subsanación o de aportación de documentos',
        startedAt: '2026-02-02T10:00:00+01:00',
        endedAt: '2026-02-12T12:00:00+01:00',
        note: 'Requerimiento notificado el 2 de febrero',
        recordedBy: ana,
        recordedAt: '2026-02-02T10:05:00+01:00',
      },
    ],
    extensions: [
      {
        id: 'e1',
        article: '23',
        duration: { value: 1, unit: 'MESES' },
        requestedAt: null,
        decidedAt: '2026-03-01T09:00:00+01:00',
        reason: 'Número elevado de solicitudes',
        recordedBy: ana,
        recordedAt: '2026-03-01T09:00:00+01:00',
      },
    ],
    outcome: null,
    communicatedDue: '2026-04-09',
    history: [
      {
        at: '2026-01-09T09:15:00+01:00',
        actor: null,
        event: 'COMPUTED',
        due: '2026-04-09',
        status: 'FINAL',
        previousDue: null,
        communicatedDateMoved: false,
        note: 'Cálculo inicial',
      },
      {
        at: '2026-03-05T08:00:00+01:00',
        actor: null,
        event: 'RECALCULATED',
        due: '2026-04-10',
        status: 'PROVISIONAL',
        previousDue: '2026-04-09',
        communicatedDateMoved: true,
        note: 'Corrección del calendario local',
      },
    ],
    canManage: true,
    version: 4,
    ...overrides,
  });
}

export function tramitePlazo(overrides: Partial<PlazoResource> = {}): PlazoResource {
  return maximoPlazo({
    plazoId: 'sub',
    kind: 'TRAMITE',
    name: 'Subsanación',
    taskId: 'i1.Subsanacion',
    duration: { value: 10, unit: 'DIAS_HABILES' },
    durationText: '10 días hábiles',
    legalBasis: 'art. 68.1 de la Ley 39/2015',
    initiation: null,
    expiryEffect: 'NO_DECLARADO',
    state: 'EXPIRED',
    trafficLight: 'OVERDUE',
    timeLeft: 'vencido hace 2 días',
    suspensions: [],
    extensions: [],
    communicatedDue: null,
    outcome: {
      kind: 'VENCIDO',
      declaredAt: '2026-02-20T00:05:00+01:00',
      effectiveFrom: '2026-02-20T00:00:00+01:00',
      article: 'art. 68.1',
      text: 'Se le tiene por desistido de su petición.',
    },
    due: {
      status: 'FINAL',
      date: '2026-02-19',
      endsAt: '2026-02-19T23:59:59.999+01:00',
      explanation: {
        skipped: [],
        calendars: [{ year: 2026, territory: 'ES', version: 1, status: 'VERIFIED' }],
        articles: ['art. 30.2'],
        lines: ['Diez días hábiles.'],
      },
    },
    ...overrides,
  });
}

export function filePlazos(items: PlazoResource[] = [maximoPlazo()], overrides: Partial<FilePlazosResource> = {}): FilePlazosResource {
  return filePlazosSchema.parse({
    fileCode: 'EXP-1',
    organism: 'L01410917',
    calendar: { seat: { community: 'ES-AN', municipality: '41091' }, residence: null, channel: 'ELECTRONIC', timeZone: 'Europe/Madrid' },
    items,
    ...overrides,
  });
}

export function notices(): NoticeListResource {
  return noticeListSchema.parse({
    unread: 1,
    items: [
      {
        noticeId: 'n1',
        organism: 'L01410917',
        fileCode: 'EXP-7',
        kind: 'COMMUNICATED_DATE_MOVED',
        message: 'La fecha comunicada del expediente EXP-7 ha pasado del 9 al 10 de abril.',
        createdAt: '2026-03-05T08:00:00+01:00',
        readAt: '2026-03-05T09:00:00+01:00',
      },
      {
        noticeId: 'n2',
        organism: 'L01410917',
        fileCode: 'EXP-3',
        kind: 'PLAZO_EXPIRED',
        message: 'Venció el plazo máximo del expediente EXP-3: silencio positivo.',
        createdAt: '2026-02-01T08:00:00+01:00',
        readAt: null,
      },
    ],
  });
}

export function organismCalendar(overrides: Partial<OrganismCalendarResource> = {}): OrganismCalendarResource {
  const year = new Date().getFullYear();
  return organismCalendarSchema.parse({
    organism: 'L01410917',
    settings: { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' },
    configured: true,
    canManage: true,
    datasets: [
      {
        year,
        territory: 'ES',
        level: 'NATIONAL',
        name: 'España',
        version: 1,
        status: 'VERIFIED',
        verifiedBy: ['revisor-1', 'revisor-2'],
        sources: [
          { bulletin: 'BOE', reference: 'BOE-A-2025-21667', url: 'https://www.boe.es/diario_boe/txt.php?id=BOE-A-2025-21667', publishedOn: '2025-10-17' },
        ],
        days: [{ date: `${year}-01-01`, name: 'Año Nuevo', kind: 'HOLIDAY' }],
        origin: 'SHIPPED',
      },
      {
        year,
        territory: '41091',
        level: 'LOCAL',
        name: 'Sevilla',
        version: 1,
        status: 'VERIFIED',
        verifiedBy: ['revisor-1', 'revisor-2'],
        sources: [{ bulletin: 'BOJA', reference: 'BOJA-2025-100', url: null, publishedOn: null }],
        days: [
          { date: `${year}-04-22`, name: 'Miércoles de Feria', kind: 'HOLIDAY' },
          { date: `${year}-06-04`, name: 'Corpus Christi', kind: 'HOLIDAY' },
        ],
        origin: 'SHIPPED',
      },
      {
        year,
        territory: '41091',
        level: 'LOCAL',
        name: 'Sevilla',
        version: 2,
        status: 'DRAFT',
        verifiedBy: [],
        sources: [{ bulletin: 'BOP', reference: 'BOP-SE-2025-77', url: null, publishedOn: null }],
        days: [{ date: `${year}-04-22`, name: 'Miércoles de Feria', kind: 'HOLIDAY' }],
        origin: 'ORGANISM',
      },
    ],
    coverage: [
      {
        year,
        status: 'FINAL',
        calendars: [
          { year, territory: 'ES', version: 1, status: 'VERIFIED' },
          { year, territory: 'ES-AN', version: 1, status: 'VERIFIED' },
          { year, territory: '41091', version: 1, status: 'VERIFIED' },
        ],
      },
      {
        year: year + 1,
        status: 'PROVISIONAL',
        calendars: [
          { year: year + 1, territory: 'ES', version: 1, status: 'DRAFT' },
          { year: year + 1, territory: 'ES-AN', version: 1, status: 'DRAFT' },
          { year: year + 1, territory: '41091', version: null, status: 'MISSING' },
        ],
      },
    ],
    ...overrides,
  });
}
