import type { CalendarCorrectionRequest, CalendarDatasetResource, CalendarSettings, OrganismCalendarResource } from '@tramita/contracts';

export type OrganismCalendar = OrganismCalendarResource;
export type CalendarDataset = CalendarDatasetResource;
export type Settings = CalendarSettings;
export type CorrectionRequest = CalendarCorrectionRequest;

export const TIME_ZONES: readonly Settings['timeZone'][] = ['Europe/Madrid', 'Atlantic/Canary'];

export const calendarPath = (organism: string) => `/api/calendars/${encodeURIComponent(organism)}`;

/** The organ's public calendar of días inhábiles (art. 31.3) for a year, as JSON, an HTML page or iCalendar. */
export function publicCalendarLinks(organism: string, year: number): { json: string; html: string; ics: string } {
  const base = `${calendarPath(organism)}/inhabiles/${year}`;
  return { json: base, html: `${base}?format=html`, ics: `${base}?format=ics` };
}

/** A correction still waiting for a second administrator (the organism's own, in draft). */
/** A draft correction the caller may approve (bpm says so: never its own proposer; older answers say nothing, so the draft is offered). */
export const awaitsApproval = (dataset: CalendarDataset) => dataset.origin === 'ORGANISM' && dataset.status === 'DRAFT' && dataset.canApprove !== false;

/** The local dataset a correction starts from: the newest version of the seat's municipality for that year. */
export function currentLocal(datasets: readonly CalendarDataset[], municipality: string | null, year: number): CalendarDataset | undefined {
  if (!municipality) return undefined;
  return datasets
    .filter((d) => d.level === 'LOCAL' && d.territory === municipality && d.year === year)
    .sort((a, b) => b.version - a.version)
    .at(0);
}

export interface DayRow {
  key: number;
  date: string;
  name: string;
}

export interface CorrectionDraft {
  year: string;
  days: DayRow[];
  bulletin: string;
  reference: string;
  url: string;
  publishedOn: string;
}

/** Where a correction's problems are: each field by name, each day by its row key. */
export interface CorrectionErrors {
  year?: string;
  days: Record<number, { date?: string; name?: string }>;
  daysCount?: string;
  bulletin?: string;
  reference?: string;
  url?: string;
  publishedOn?: string;
}

export const MAX_DAYS = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * Checks a correction as bpm's contract will (calendarCorrectionRequestSchema), saying which
 * catalogue key explains each problem; returns the request when there is none.
 */
export function checkCorrection(draft: CorrectionDraft): { errors: CorrectionErrors; request: CorrectionRequest | null } {
  const errors: CorrectionErrors = { days: {} };
  const year = Number(draft.year);
  if (!/^\d{4}$/.test(draft.year.trim()) || year < 2000 || year > 2100) errors.year = 'calendars.correction.errors.year';
  if (draft.days.length > MAX_DAYS) errors.daysCount = 'calendars.correction.errors.tooManyDays';
  const seen = new Set<string>();
  for (const row of draft.days) {
    const problems: { date?: string; name?: string } = {};
    if (!DATE.test(row.date)) problems.date = 'calendars.correction.errors.date';
    else if (!errors.year && !row.date.startsWith(`${year}-`)) problems.date = 'calendars.correction.errors.dateYear';
    else if (seen.has(row.date)) problems.date = 'calendars.correction.errors.dateRepeated';
    seen.add(row.date);
    const name = row.name.trim();
    if (!name) problems.name = 'calendars.correction.errors.name';
    else if (name.length > 200) problems.name = 'calendars.correction.errors.nameLong';
    if (problems.date || problems.name) errors.days[row.key] = problems;
  }
  const bulletin = draft.bulletin.trim();
  const reference = draft.reference.trim();
  const url = draft.url.trim();
  if (bulletin.length < 2 || bulletin.length > 20) errors.bulletin = 'calendars.correction.errors.bulletin';
  if (reference.length < 3 || reference.length > 300) errors.reference = 'calendars.correction.errors.reference';
  if (url && !isUrl(url)) errors.url = 'calendars.correction.errors.url';
  if (draft.publishedOn && !DATE.test(draft.publishedOn)) errors.publishedOn = 'calendars.correction.errors.publishedOn';
  const failed = Object.keys(errors).length > 1 || Object.keys(errors.days).length > 0;
  if (failed) return { errors, request: null };
  return {
    errors,
    request: {
      year,
      days: draft.days.map((d) => ({ date: d.date, name: d.name.trim(), kind: 'HOLIDAY' })),
      source: { bulletin, reference, url: url || null, publishedOn: draft.publishedOn || null },
    },
  };
}
