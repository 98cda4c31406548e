import { z } from 'zod';
import { actorSchema } from './common.ts';

/**
 * Legal time (bpm, ADR 0016): an expediente's plazos (Ley 39/2015 arts. 21–25, 30–32) and the
 * organisms' calendars of días inhábiles (arts. 30.7, 31.3).
 */

/** The units a plazo is stated in (art. 30). */
export const legalUnitSchema = z.enum(['HORAS', 'DIAS_HABILES', 'DIAS_NATURALES', 'MESES', 'ANOS']);
export const legalDurationSchema = z.object({ value: z.number().int().min(1).max(1000), unit: legalUnitSchema });
export type LegalDurationResource = z.infer<typeof legalDurationSchema>;

const isoDate = z.iso.date();

/** Why a day does not count: a weekend, or a holiday of a territory with its bulletin reference. */
export const inhabilReasonSchema = z.object({
  kind: z.enum(['WEEKEND', 'HOLIDAY']),
  name: z.string().nullable(),
  territory: z.string().nullable().describe('`ES`, a community (`ES-AN`) or an INE municipality code (`41091`).'),
  territoryName: z.string().nullable(),
  source: z.string().nullable().describe('The bulletin reference, e.g. `BOE-A-2025-21667`.'),
});

/** One calendar dataset a computation consulted, with its version and status (MISSING: not loaded). */
export const calendarUseSchema = z.object({
  year: z.number().int(),
  territory: z.string(),
  version: z.number().int().nullable(),
  status: z.enum(['DRAFT', 'VERIFIED', 'MISSING']),
});

/** How a date was reached: each day skipped and why, the datasets and articles used, and plain Spanish lines. */
export const explanationSchema = z.object({
  skipped: z.array(z.object({ date: isoDate, reasons: z.array(inhabilReasonSchema) })),
  calendars: z.array(calendarUseSchema),
  articles: z.array(z.string()),
  lines: z.array(z.string()),
});
export type ExplanationResource = z.infer<typeof explanationSchema>;

/** A due date. PROVISIONAL: a day examined lies in a missing or draft calendar; shown, never used to declare silencio or caducidad. */
export const dueDateSchema = z.object({
  status: z.enum(['FINAL', 'PROVISIONAL']),
  date: isoDate.describe("The plazo's last day in the sede's zone."),
  endsAt: z.iso.datetime({ offset: true }).describe('The instant the plazo ends (23:59:59.999 of its last day; the exact minute for hours).'),
  explanation: explanationSchema,
});
export type DueDateResource = z.infer<typeof dueDateSchema>;

/** Art. 22: the legal causes that suspend the maximum plazo. */
export const suspensionCauseSchema = z
  .enum(['22.1.a', '22.1.b', '22.1.c', '22.1.d', '22.1.e', '22.1.f', '22.1.g', '22.2.a', '22.2.b', '22.2.c', '25.2'])
  .describe('The legal cause: art. 22 suspends the maximum plazo; art. 25.2 interrupts it, only in a procedure started de oficio.');
export type SuspensionCauseCode = z.infer<typeof suspensionCauseSchema>;

export const suspensionSchema = z.object({
  id: z.string(),
  cause: suspensionCauseSchema,
  causeLabel: z.string().describe('The cause in plain Spanish.'),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable().describe('null: en curso.'),
  note: z.string(),
  recordedBy: actorSchema,
  recordedAt: z.iso.datetime({ offset: true }),
});
export type SuspensionResource = z.infer<typeof suspensionSchema>;

/** Art. 23 extends the maximum plazo; art. 32 and art. 68.2 a trámite's. */
export const extensionArticleSchema = z.enum(['23', '32', '68.2']);
export const extensionSchema = z.object({
  id: z.string(),
  article: extensionArticleSchema,
  duration: legalDurationSchema,
  requestedAt: z.iso.datetime({ offset: true }).nullable(),
  decidedAt: z.iso.datetime({ offset: true }),
  reason: z.string(),
  recordedBy: actorSchema,
  recordedAt: z.iso.datetime({ offset: true }),
});
export type ExtensionResource = z.infer<typeof extensionSchema>;

/** What the expiry of the maximum plazo means (arts. 24, 25): stated by the procedure, never inferred. */
export const expiryEffectSchema = z.enum(['SILENCIO_POSITIVO', 'SILENCIO_NEGATIVO', 'CADUCIDAD', 'NO_DECLARADO']);
export type ExpiryEffect = z.infer<typeof expiryEffectSchema>;

/** The legal outcome recorded when a plazo ran out. */
export const plazoOutcomeSchema = z.object({
  kind: z.enum(['SILENCIO_POSITIVO', 'SILENCIO_NEGATIVO', 'CADUCIDAD', 'VENCIDO']),
  declaredAt: z.iso.datetime({ offset: true }),
  effectiveFrom: z.iso.datetime({ offset: true }).describe('From when it has effect (the day after expiry, art. 24).'),
  article: z.string(),
  text: z.string().describe('What it means, in plain Spanish.'),
});
export type PlazoOutcome = z.infer<typeof plazoOutcomeSchema>;

/** One computation or event in a plazo's history: every earlier due date is kept. */
export const plazoHistoryEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  actor: actorSchema.nullable().describe('null: bpm itself (a calendar change, the expiry poller).'),
  event: z.enum(['COMPUTED', 'STARTED', 'SUSPENDED', 'RESUMED', 'EXTENDED', 'RECALCULATED', 'EXPIRED', 'CLOSED']),
  due: z.string().nullable().describe('The due date after the event (null while suspended).'),
  status: z.enum(['FINAL', 'PROVISIONAL']).nullable(),
  previousDue: z.string().nullable(),
  /** A date already communicated to the interested party moved (art. 21.4): they must be told again. */
  communicatedDateMoved: z.boolean(),
  note: z.string(),
});
export type PlazoHistoryEntry = z.infer<typeof plazoHistoryEntrySchema>;

export const trafficLightSchema = z.enum(['IN_TIME', 'NEAR', 'OVERDUE', 'SUSPENDED', 'CLOSED']);
export type TrafficLight = z.infer<typeof trafficLightSchema>;

/** An expediente's plazo: the maximum to resolve and notify (art. 21) or a trámite's (a user task with `tramita:plazo`). */
export const plazoResourceSchema = z.object({
  plazoId: z.string(),
  kind: z.enum(['MAXIMO', 'TRAMITE']),
  name: z.string(),
  taskId: z.string().nullable(),
  duration: legalDurationSchema,
  durationText: z.string().describe('e.g. `3 meses`, `10 días hábiles`.'),
  legalBasis: z.string().describe('The article that sets it, e.g. `art. 21.3 de la Ley 39/2015 (el procedimiento no fija plazo)`.'),
  startedAt: z.iso.datetime({ offset: true }).describe('Dies a quo: the registry entry effective instant (art. 31.2.c) or the task creation.'),
  initiation: z.enum(['SOLICITUD', 'OFICIO']).nullable(),
  expiryEffect: expiryEffectSchema,
  state: z.enum(['RUNNING', 'SUSPENDED', 'EXPIRED', 'CLOSED']),
  due: dueDateSchema.nullable().describe('null while a suspension is open: the due date is unknown until it ends.'),
  trafficLight: trafficLightSchema,
  timeLeft: z.string().describe('In plain Spanish: "quedan 4 días hábiles", "vencido hace 2 días".'),
  suspensions: z.array(suspensionSchema),
  extensions: z.array(extensionSchema),
  outcome: plazoOutcomeSchema.nullable(),
  communicatedDue: isoDate.nullable().describe('The due date last communicated to the interested party.'),
  history: z.array(plazoHistoryEntrySchema),
  /** The caller may suspend, resume and extend it (a role the procedure names). */
  canManage: z.boolean(),
  version: z.number().int().positive(),
});
export type PlazoResource = z.infer<typeof plazoResourceSchema>;

/** The calendar an expediente's plazos count in. */
export const calendarContextSchema = z.object({
  seat: z.object({ community: z.string(), municipality: z.string().nullable() }),
  residence: z.object({ community: z.string(), municipality: z.string().nullable() }).nullable(),
  channel: z.enum(['ELECTRONIC', 'PRESENTIAL']),
  timeZone: z.enum(['Europe/Madrid', 'Atlantic/Canary']),
});
export type CalendarContextResource = z.infer<typeof calendarContextSchema>;

/** `GET /api/files/{code}/plazos` (bpm). */
export const filePlazosSchema = z.object({
  fileCode: z.string(),
  organism: z.string(),
  calendar: calendarContextSchema,
  items: z.array(plazoResourceSchema),
});
export type FilePlazosResource = z.infer<typeof filePlazosSchema>;

const note = z.string().trim().min(1).max(1000);
const instant = z.iso.datetime({ offset: true });

/**
 * `PUT /api/files/{code}/plazos/{plazoId}/start` (bpm): the dies a quo of the maximum plazo (art.
 * 21.3): the date of the acuerdo de iniciación de oficio, or the entry of the solicitud in the
 * competent body's registry when it came in before the expediente was opened here.
 */
export const plazoStartRequestSchema = z.object({
  startedAt: instant.describe('When the acuerdo was adopted or the solicitud entered the registry; not in the future.'),
  basis: z.enum(['ACUERDO_INICIACION', 'ENTRADA_REGISTRO']),
  note: note.describe('The act, e.g. "Acuerdo de iniciación de 1 de junio de 2026".'),
});
export type PlazoStartRequest = z.infer<typeof plazoStartRequestSchema>;

/** `POST /api/files/{code}/plazos/{plazoId}/suspensions` (bpm): suspend the maximum plazo for a legal cause (art. 22). */
export const suspendPlazoRequestSchema = z.object({
  cause: suspensionCauseSchema,
  startedAt: instant.optional().describe('When the cause began (the notification of the requirement…); default now.'),
  note: note.describe('The act that suspends, e.g. the requirement notified.'),
});
export type SuspendPlazoRequest = z.infer<typeof suspendPlazoRequestSchema>;

/** `POST /api/files/{code}/plazos/{plazoId}/suspensions/{id}/end` (bpm): the suspension's cause ended. */
export const resumePlazoRequestSchema = z.object({
  endedAt: instant.optional().describe('When the cause ended (the compliance, the report received…); default now.'),
  note: note.optional(),
});
export type ResumePlazoRequest = z.infer<typeof resumePlazoRequestSchema>;

/** `POST /api/files/{code}/plazos/{plazoId}/extensions` (bpm): extend a plazo before it expires (arts. 23, 32, 68.2). */
export const extendPlazoRequestSchema = z.object({
  article: extensionArticleSchema,
  duration: legalDurationSchema,
  requestedAt: instant.optional().describe('When the interested party asked (art. 32.3: before expiry); omitted: de oficio.'),
  decidedAt: instant.optional().describe('When it was decided; default now. Refused after expiry.'),
  reason: note.describe('The motivation (art. 23: a motivated decision).'),
});
export type ExtendPlazoRequest = z.infer<typeof extendPlazoRequestSchema>;

/** `PUT /api/files/{code}/plazos/context` (bpm): the interested party's residence and the channel, for art. 30.6. */
export const plazoContextRequestSchema = z.object({
  residence: z
    .object({
      community: z.string().regex(/^ES-[A-Z]{2}$/),
      municipality: z
        .string()
        .regex(/^\d{5}$/)
        .nullable(),
    })
    .nullable(),
  channel: z.enum(['ELECTRONIC', 'PRESENTIAL']),
});
export type PlazoContextRequest = z.infer<typeof plazoContextRequestSchema>;

// ---- Calendars (arts. 30.7, 31.3) ----

const dayInput = z.object({
  date: isoDate,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['HOLIDAY', 'MOVED_HOLIDAY']).default('HOLIDAY'),
});

export const bulletinSourceSchema = z.object({
  bulletin: z.string().trim().min(2).max(20).describe('BOE, BOJA, DOGC…'),
  reference: z.string().trim().min(3).max(300).describe('The disposition, e.g. `BOE-A-2025-21667`.'),
  url: z.url().nullable().default(null),
  publishedOn: isoDate.nullable().default(null),
});

/** One year's holidays of one territory at one level, with its version, status and bulletins. */
export const calendarDatasetSchema = z.object({
  year: z.number().int(),
  territory: z.string(),
  level: z.enum(['NATIONAL', 'REGIONAL', 'LOCAL']),
  name: z.string(),
  version: z.number().int().positive(),
  status: z.enum(['DRAFT', 'VERIFIED']),
  verifiedBy: z.array(z.string()),
  sources: z.array(bulletinSourceSchema),
  days: z.array(z.object({ date: isoDate, name: z.string(), kind: z.enum(['HOLIDAY', 'MOVED_HOLIDAY']) })),
  origin: z.enum(['SHIPPED', 'ORGANISM']).describe('Shipped with Tramita, or a correction by the organism.'),
  proposedBy: z.string().nullable().optional().describe("Who proposed an organism's correction (user name); null for shipped data."),
  /** The caller may approve it: a draft correction of the organism, proposed by someone else, and the caller administers the calendar. */
  canApprove: z.boolean().optional(),
});
export type CalendarDatasetResource = z.infer<typeof calendarDatasetSchema>;

/** An organism's calendar settings: its seat decides which community and local holidays apply. */
export const calendarSettingsSchema = z.object({
  community: z.string().regex(/^ES-[A-Z]{2}$/),
  municipality: z
    .string()
    .regex(/^\d{5}$/)
    .nullable(),
  timeZone: z.enum(['Europe/Madrid', 'Atlantic/Canary']),
});
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;

/**
 * Whether one year of an organism's calendar is ready: each dataset its seat needs (national,
 * community, municipality) as the count would use it — verified, a draft, or not loaded.
 * PROVISIONAL while one is not verified: dates counted on it never declare silencio or caducidad.
 */
export const calendarYearCoverageSchema = z.object({
  year: z.number().int(),
  status: z.enum(['FINAL', 'PROVISIONAL']),
  calendars: z.array(calendarUseSchema),
});
export type CalendarYearCoverage = z.infer<typeof calendarYearCoverageSchema>;

/** `GET /api/calendars/{organism}` (bpm): its settings and the datasets that make its calendar. */
export const organismCalendarSchema = z.object({
  organism: z.string(),
  settings: calendarSettingsSchema,
  /** False: the organism has not stated its seat; the installation's default is used. */
  configured: z.boolean(),
  datasets: z.array(calendarDatasetSchema),
  coverage: z
    .array(calendarYearCoverageSchema)
    .describe(
      "This year and the next at the seat (in its zone): the datasets the calendar needs and whether each is loaded and verified, so that next year's can be added before plazos reach it.",
    ),
  /** The caller may change its settings and corrections (an administrator of the organism). */
  canManage: z.boolean(),
});
export type OrganismCalendarResource = z.infer<typeof organismCalendarSchema>;

/**
 * `POST /api/calendars/{organism}/corrections` (bpm): a new version of the organism's local
 * calendar for a year (all its days), with the bulletin that publishes it. DRAFT until a second
 * administrator approves it; open plazos are recomputed when it takes effect.
 */
export const calendarCorrectionRequestSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  days: z.array(dayInput).max(30),
  source: bulletinSourceSchema,
});
export type CalendarCorrectionRequest = z.infer<typeof calendarCorrectionRequestSchema>;

/** `GET /api/calendars/{organism}/inhabiles/{year}` (bpm, public): the organ's días inhábiles (art. 31.3), also as HTML and iCalendar. */
export const inhabilesCalendarSchema = z.object({
  organism: z.string(),
  organismName: z.string().nullable(),
  year: z.number().int(),
  seat: z.object({ community: z.string(), municipality: z.string().nullable() }),
  timeZone: z.string(),
  status: z.enum(['FINAL', 'PROVISIONAL']).describe('PROVISIONAL: some dataset is missing or still a draft.'),
  note: z.string().describe('Saturdays and Sundays are inhábiles as well (art. 30.2).'),
  days: z.array(z.object({ date: isoDate, reasons: z.array(inhabilReasonSchema) })),
  calendars: z.array(calendarUseSchema),
});
export type InhabilesCalendarResource = z.infer<typeof inhabilesCalendarSchema>;

/**
 * `GET /api/notices` (bpm): what the responsible users of an expediente are told — a plazo that
 * expired with its legal outcome, a communicated date that moved after a calendar change — and what
 * an organism's administrators are told: next year's calendar of its seat is not ready.
 */
export const noticeSchema = z.object({
  noticeId: z.string(),
  organism: z.string(),
  fileCode: z.string().nullable().describe('The expediente it is about; null for a notice about the organism (CALENDAR_NOT_READY).'),
  kind: z.enum(['PLAZO_EXPIRED', 'COMMUNICATED_DATE_MOVED', 'CALENDAR_NOT_READY']),
  message: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  readAt: z.iso.datetime({ offset: true }).nullable().describe('When the caller marked it read; null: unread.'),
});
export type NoticeResource = z.infer<typeof noticeSchema>;
export const noticeListSchema = z.object({ items: z.array(noticeSchema), unread: z.number().int() });
export type NoticeListResource = z.infer<typeof noticeListSchema>;
