import { Temporal } from 'temporal-polyfill';
import { failure, success, type Outcome } from '../outcome.ts';
import { formatLegalDuration } from '../parse-legal-duration.ts';
import type { DueDate, LegalDuration, LegalUnit, SedeTimeZone } from '../types.ts';
import { dateIn, isAfterEnd } from './dates.ts';
import type { Extension, PlazoSpec } from './types.ts';

const UNIT_NAMES: Record<LegalUnit, string> = { HORAS: 'horas', DIAS_HABILES: 'días hábiles', DIAS_NATURALES: 'días naturales', MESES: 'meses', ANOS: 'años' };

/** Art. 68.2: the subsanación may be extended by up to five días. */
export const SUBSANACION_MAX_EXTENSION: LegalDuration = { value: 5, unit: 'DIAS_HABILES' };

/** Whole months of a plazo in months or years (art. 30.4: a year is twelve months). */
export function monthsOf(duration: LegalDuration): number | null {
  if (duration.unit === 'MESES') return duration.value;
  if (duration.unit === 'ANOS') return duration.value * 12;
  return null;
}

/**
 * The longest extension an article allows for a plazo.
 * - art. 23.1: the maximum plazo, by no more than the original plazo (in its unit).
 * - art. 32.1: "no exceda de la mitad": half, rounded down (a policy, eni-legal-time C.14), in the
 *   same unit; for months or years, half of the natural days the plazo lasts from its trigger,
 *   rounded down, in días naturales (the law gives no rule for months).
 * - art. 68.2: five días hábiles.
 */
export function maxExtension(plazo: PlazoSpec, article: Extension['article'], timeZone: SedeTimeZone = 'Europe/Madrid'): Outcome<LegalDuration> {
  const { duration } = plazo;
  if (article === '23') return success(duration);
  if (article === '68.2') return success(SUBSANACION_MAX_EXTENSION);
  const months = monthsOf(duration);
  if (months === null) return success({ value: Math.floor(duration.value / 2), unit: duration.unit });
  const trigger = dateIn(plazo.trigger, timeZone, 'the plazo trigger');
  if (!trigger.ok) return trigger;
  const length = trigger.value.until(trigger.value.add({ months }), { largestUnit: 'days' }).days;
  return success({ value: Math.floor(length / 2), unit: 'DIAS_NATURALES' });
}

/**
 * Art. 32.2: procedures through diplomatic missions or consulates, with a step abroad, or with
 * interested parties resident outside Spain get the maximum art. 32 extension automatically.
 */
export function automaticExtension(plazo: PlazoSpec, timeZone: SedeTimeZone = 'Europe/Madrid'): Outcome<LegalDuration> {
  return maxExtension(plazo, '32', timeZone);
}

/**
 * Whether an extension may be granted against the plazo's current due date (`due`, already
 * including earlier extensions and suspensions):
 * - art. 23: at most the original plazo, decided before expiry (an expired plazo cannot be
 *   extended; the text is silent, cf. art. 32.3);
 * - art. 32.1 and 32.3: at most half, with the request (when there is one) AND the decision before expiry;
 * - art. 68.2: at most 5 días hábiles, requested and decided before expiry.
 * `now` (optional) refuses a decision dated in the future.
 */
export function checkExtension(
  plazo: PlazoSpec,
  due: Pick<DueDate, 'date' | 'endsAt'>,
  extension: Extension,
  now: string | null,
  timeZone: SedeTimeZone = 'Europe/Madrid',
): Outcome<void> {
  const label = `extension ${extension.id} (art. ${extension.article})`;
  const decided = dateIn(extension.decidedAt, timeZone, `${label}: decidedAt`);
  if (!decided.ok) return decided;
  if (extension.requestedAt !== null) {
    const requested = dateIn(extension.requestedAt, timeZone, `${label}: requestedAt`);
    if (!requested.ok) return requested;
    if (Temporal.PlainDate.compare(requested.value, decided.value) > 0)
      return failure(`${label} is decided (${decided.value.toString()}) before it was requested`);
  }
  if (now !== null) {
    const today = dateIn(now, timeZone, 'now');
    if (!today.ok) return today;
    if (Temporal.PlainDate.compare(decided.value, today.value) > 0) return failure(`${label} is decided on ${decided.value.toString()}, after now`);
  }
  const { duration } = extension;
  if (!Number.isSafeInteger(duration.value) || duration.value < 1)
    return failure(`${label}: the extension must be a positive whole number, not ${duration.value}`);
  const max = maxExtension(plazo, extension.article, timeZone);
  if (!max.ok) return max;
  const limit = max.value;
  const sameUnit = extension.article === '23' && monthsOf(duration) !== null && monthsOf(limit) !== null;
  const value = sameUnit ? (monthsOf(duration) ?? 0) : duration.value;
  const limitValue = sameUnit ? (monthsOf(limit) ?? 0) : limit.value;
  if (!sameUnit && duration.unit !== limit.unit) {
    return failure(
      `${label} is stated in ${formatLegalDuration(duration)}; for a plazo of ${formatLegalDuration(plazo.duration)} state it in ${UNIT_NAMES[limit.unit]}`,
    );
  }
  if (value > limitValue) {
    const why =
      extension.article === '23'
        ? 'art. 23.1: an extension may not exceed the original plazo'
        : extension.article === '32'
          ? 'art. 32.1: an extension may not exceed half of the plazo'
          : 'art. 68.2: a subsanación may be extended by 5 días at most';
    return failure(`${label} of ${formatLegalDuration(duration)} exceeds ${formatLegalDuration(limit)} (${why})`);
  }
  // art. 32.3: the request and the decision must come before the plazo expires; an expired plazo is never extended.
  if (extension.requestedAt !== null && extension.article !== '23' && isAfterEnd(extension.requestedAt, due)) {
    return failure(`${label} was requested after the plazo expired on ${due.date} (art. 32.3)`);
  }
  if (isAfterEnd(extension.decidedAt, due)) {
    const article = extension.article === '23' ? 'art. 23; cf. art. 32.3' : 'art. 32.3';
    return failure(
      `${label} was decided on ${decided.value.toString()}, after the plazo expired on ${due.date}: an expired plazo cannot be extended (${article})`,
    );
  }
  return success(undefined);
}
