import type {
  CalendarContextResource,
  ExplanationResource,
  FilePlazosResource,
  LegalDurationResource,
  PlazoResource,
  SuspensionCauseCode,
  SuspensionResource,
} from '@tramita/contracts';
import { ApiError, problemKey } from '../api/problem.ts';

export type FilePlazos = FilePlazosResource;
export type Plazo = PlazoResource;
export type Suspension = SuspensionResource;
export type CalendarContext = CalendarContextResource;
export type LegalUnit = LegalDurationResource['unit'];
export type SedeTimeZone = CalendarContext['timeZone'];
export type ExtensionArticle = '23' | '32' | '68.2';

/** What each form that changes one plazo (its start, a suspension, its end, an extension) is given by the plazo's card. */
export interface PlazoFormProps {
  code: string;
  plazo: Plazo;
  timeZone: SedeTimeZone;
  onDone: () => void;
  onCancel: () => void;
}

/** The longest note or motivation a plazo form sends: the contracts' limit. */
export const NOTE_MAX = 1000;

/**
 * The legal causes that stop the maximum plazo (Ley 39/2015, art. 22.1 "se podrá" and 22.2 "se
 * suspenderá"; art. 25.2 "se interrumpirá", only de oficio); labels in `plazos.causes`.
 */
export const SUSPENSION_CAUSES: readonly SuspensionCauseCode[] = [
  '22.1.a',
  '22.1.b',
  '22.1.c',
  '22.1.d',
  '22.1.e',
  '22.1.f',
  '22.1.g',
  '22.2.a',
  '22.2.b',
  '22.2.c',
  '25.2',
];

/** The causes that apply to a plazo: art. 25.2 only to a procedure started de oficio (art. 25). */
export const causesFor = (plazo: Pick<Plazo, 'initiation'>): readonly SuspensionCauseCode[] =>
  SUSPENSION_CAUSES.filter((cause) => cause !== '25.2' || plazo.initiation === 'OFICIO');

export const LEGAL_UNITS: readonly LegalUnit[] = ['HORAS', 'DIAS_HABILES', 'DIAS_NATURALES', 'MESES', 'ANOS'];

/** Which article extends which plazo: art. 23 the maximum to resolve; art. 32 a trámite's, art. 68.2 the subsanación's. */
export function extensionArticles(kind: Plazo['kind']): ExtensionArticle[] {
  return kind === 'MAXIMO' ? ['23'] : ['32', '68.2'];
}

/** A legal code as a catalogue key: the catalogue reads dots as nesting, so `22.1.a` is kept as `22_1_a`. */
export const codeKey = (code: string) => code.replaceAll('.', '_');

/** The autonomous communities and cities (ISO 3166-2:ES), whose holidays count under arts. 30.6 and 30.7; names in `calendars.communities`. */
export const COMMUNITIES = [
  'ES-AN',
  'ES-AR',
  'ES-AS',
  'ES-IB',
  'ES-CN',
  'ES-CB',
  'ES-CL',
  'ES-CM',
  'ES-CT',
  'ES-VC',
  'ES-EX',
  'ES-GA',
  'ES-MD',
  'ES-MC',
  'ES-NC',
  'ES-PV',
  'ES-RI',
  'ES-CE',
  'ES-ML',
] as const;

/** An INE municipality code: five digits (two of the province, three of the municipality). */
export const isIneCode = (value: string) => /^\d{5}$/.test(value);

export const plazosPath = (code: string) => `/api/files/${encodeURIComponent(code)}/plazos`;
export const plazoPath = (code: string, plazoId: string) => `${plazosPath(code)}/${encodeURIComponent(plazoId)}`;

/** The datasets that make a date provisional (art. 30.7 calendars not loaded or not verified), e.g. "2027 ES (no cargado)". */
export function unverifiedCalendars(explanation: ExplanationResource): ExplanationResource['calendars'] {
  return explanation.calendars.filter((c) => c.status !== 'VERIFIED');
}

/** Suspensions still open (art. 22: the plazo stands still until their cause ends). */
export const openSuspensions = (plazo: Plazo) => plazo.suspensions.filter((s) => s.endedAt === null);

function partsIn(date: Date, timeZone: string, locale: string, options: Intl.DateTimeFormatOptions) {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, ...options }).formatToParts(date);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
}

/**
 * A due instant as people read it in the sede's zone: "viernes 10 de abril de 2026" and "23:59"
 * (the plazo ends at 23:59:59.999 of its last day, art. 30.2; the minute is what is shown).
 */
export function longDate(iso: string, timeZone: string, language: string): { date: string; time: string } {
  const date = new Date(iso);
  const locale = language === 'en' ? 'en-GB' : 'es-ES';
  const part = partsIn(date, timeZone, locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const text =
    language === 'en'
      ? `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`
      : `${part('weekday')} ${part('day')} de ${part('month')} de ${part('year')}`;
  return { date: text, time: `${part('hour')}:${part('minute')}` };
}

/** The catalogue's key for a sede's zone (`plazos.zones.<key>`): peninsular or Canary time. */
export const zoneKey = (timeZone: string) => (timeZone === 'Atlantic/Canary' ? 'canary' : 'madrid');

/** An instant as dd/mm/yyyy HH:mm in the sede's zone (Madrid's unless the sede is in the Canary Islands). */
export function shortDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const part = partsIn(date, timeZone, 'es-ES', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** A calendar day (`YYYY-MM-DD`) in long form, read as a day (no zone shift). */
export function longDay(isoDate: string, language: string): string {
  const { date } = longDate(`${isoDate}T12:00:00Z`, 'UTC', language);
  return date;
}

/** Minutes a zone is ahead of UTC at an instant. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const part = partsIn(new Date(epochMs), timeZone, 'en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const asUtc = Date.UTC(
    Number(part('year')),
    Number(part('month')) - 1,
    Number(part('day')),
    Number(part('hour')),
    Number(part('minute')),
    Number(part('second')),
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** What a date-time field shows for an instant, in the sede's zone: `YYYY-MM-DDTHH:mm`. */
export function localInput(instant: Date, timeZone: string): string {
  const part = partsIn(instant, timeZone, 'en-US', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A date-time field's value (`YYYY-MM-DDTHH:mm`, the sede's wall clock) as an instant with its
 * offset (`2026-04-10T10:00:00+02:00`), or null when it is not a date-time. The sede's zone, not
 * the browser's, says what the hour means (art. 30.7: the calendar is the sede's).
 */
export function instantOf(local: string, timeZone: string): string | null {
  const match = LOCAL_INPUT.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  let offset = offsetMinutes(guess, timeZone);
  const second = offsetMinutes(guess - offset * 60_000, timeZone);
  if (second !== offset) offset = second;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Refusals of the plazos and calendars routes with a sentence of their own (`plazos.problems.<code>`). */
const OWN = new Set([
  'plazo-expired',
  'extension-too-long',
  'suspension-already-open',
  'suspension-not-found',
  'plazo-not-found',
  'plazo-closed',
  'same-approver',
  'correction-not-found',
  'calendar-not-found',
  'start-in-the-future',
  'plazo-change-refused',
]);

export function plazoProblemKey(error: unknown): string {
  if (error instanceof ApiError && OWN.has(error.code)) return `plazos.problems.${error.code}`;
  if (error instanceof ApiError && error.status === 403) return 'plazos.problems.forbidden';
  return problemKey(error);
}
