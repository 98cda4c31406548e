/**
 * Legal time under Ley 39/2015 (arts. 21–25, 30–32, 43, 68, 95): the shapes of a computation.
 * Dates are ISO strings so that results are JSON as they are (stored, sent, shown); the
 * arithmetic uses the Temporal API on the sede's zone (art. 31.2: the sede's official time).
 */

/** The units a plazo is stated in (art. 30). */
export type LegalUnit = 'HORAS' | 'DIAS_HABILES' | 'DIAS_NATURALES' | 'MESES' | 'ANOS';

export interface LegalDuration {
  value: number;
  unit: LegalUnit;
}

/** Where a day is hábil or not: an autonomous community (ISO 3166-2, `ES-AN`) and optionally a municipality (INE code, `41091`). */
export interface Territory {
  community: string;
  municipality: string | null;
}

/** Art. 31.3: acts through the electronic registry use the sede's calendar only; otherwise art. 30.6 may apply. */
export type Channel = 'ELECTRONIC' | 'PRESENTIAL';

/** The sede's official time zone (peninsular and Balearic sedes, or Canary sedes). */
export type SedeTimeZone = 'Europe/Madrid' | 'Atlantic/Canary';

export interface CalendarContext {
  /** The organ's seat: its community and, when it is a municipal organ, its municipality. */
  seat: Territory;
  /** The interested party's residence; only art. 30.6 uses it, and never for ELECTRONIC acts (art. 31.3). */
  residence: Territory | null;
  channel: Channel;
  timeZone: SedeTimeZone;
}

export type CalendarLevel = 'NATIONAL' | 'REGIONAL' | 'LOCAL';

export interface CalendarDay {
  /** `YYYY-MM-DD`. */
  date: string;
  name: string;
  /** MOVED_HOLIDAY: a holiday moved from a Sunday (e.g. 2 Nov 2026 in Andalucía). */
  kind: 'HOLIDAY' | 'MOVED_HOLIDAY';
}

export interface BulletinSource {
  /** BOE, BOJA, DOGC, BOCM, … */
  bulletin: string;
  /** The disposition's identifier, e.g. `BOE-A-2025-21667` or `Decreto 101/2025`. */
  reference: string;
  url: string | null;
  /** `YYYY-MM-DD`, null when not yet known. */
  publishedOn: string | null;
}

/**
 * One year's holidays of one territory at one level: versioned data. A correction is a new
 * version; the old one stays so that a result can say which version it used.
 */
export interface CalendarDataset {
  year: number;
  /** `ES`, a community (`ES-AN`) or a municipality's INE code (`41091`). */
  territory: string;
  level: CalendarLevel;
  /** The territory's name, for explanations (`Andalucía`, `Sevilla`). */
  name: string;
  version: number;
  status: 'DRAFT' | 'VERIFIED';
  /** Who verified it (two distinct people for VERIFIED). */
  verifiedBy: string[];
  sources: BulletinSource[];
  days: CalendarDay[];
}

/** Options whose legal reading is a policy (eni-legal-time.md, marked [D]). */
export interface LegalTimePolicy {
  /** Art. 30.5 applied to natural-day plazos too (majority reading). Default true. */
  extendNaturalDaysOnInhabil: boolean;
  /** Art. 43.2: the notification is deemed made at the end of day 10 or on day 11. Default DAY_11. */
  rejectionConvention: 'END_OF_DAY_10' | 'DAY_11';
}

/** Why a day was skipped or moved over. */
export interface InhabilReason {
  kind: 'WEEKEND' | 'HOLIDAY';
  /** The holiday's name; null for weekends. */
  name: string | null;
  /** The territory whose calendar makes it inhábil (`ES`, `ES-AN`, `41091`); null for weekends. */
  territory: string | null;
  territoryName: string | null;
  /** The bulletin reference behind it; null for weekends. */
  source: string | null;
}

export interface SkippedDay {
  date: string;
  reasons: InhabilReason[];
}

export interface CalendarUse {
  year: number;
  territory: string;
  version: number | null;
  status: 'DRAFT' | 'VERIFIED' | 'MISSING';
}

export interface Explanation {
  /** Each inhábil day the count skipped or moved over, in order. */
  skipped: SkippedDay[];
  /** The datasets consulted, with their version and status. */
  calendars: CalendarUse[];
  /** The articles applied, e.g. `art. 30.2`, `art. 30.5`. */
  articles: string[];
  /** One line per step in plain Spanish, for people. */
  lines: string[];
}

/**
 * A due date. FINAL: every day examined lies in a verified calendar. PROVISIONAL: some did not
 * (a missing or draft dataset); shown to people, never used to declare silencio or caducidad.
 */
export interface DueDate {
  status: 'FINAL' | 'PROVISIONAL';
  /** The last day of the plazo, `YYYY-MM-DD` in the sede's zone. */
  date: string;
  /** The instant the plazo ends: 23:59:59.999 of `date` for days, months and years; the exact minute for hours. ISO with offset. */
  endsAt: string;
  explanation: Explanation;
}

/** What starts a plazo (eni-legal-time.md C.0); it only changes the wording of the explanation. */
export type TriggerKind = 'NOTIFICATION' | 'PUBLICATION' | 'REGISTRY_ENTRY' | 'INITIATION' | 'SILENCE' | 'AVAILABILITY' | 'REJECTION';

/** A plazo to count: from the trigger instant (ISO with offset or Z), in legal units, under a calendar context. */
export interface DueRequest {
  trigger: string;
  duration: LegalDuration;
  context: CalendarContext;
  /** For the explanation's first line ("desde la notificación del …"); a neutral wording when absent. */
  triggerKind?: TriggerKind;
}
