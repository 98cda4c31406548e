import { Temporal } from 'temporal-polyfill';
import { failure, success, type Outcome } from '../outcome.ts';
import { formatLegalDuration } from '../parse-legal-duration.ts';
import type { LegalDuration } from '../types.ts';
import { isPlainDate } from './dates.ts';

/**
 * Which plazo urgency is asked to halve. Art. 33.1 halves the plazos of the ordinary procedure
 * "salvo los relativos a la presentación de solicitudes y recursos".
 */
export type UrgencyPlazoKind = 'ORDINARIO' | 'PRESENTACION_SOLICITUD' | 'RECURSO';

export interface UrgentPlazo {
  duration: LegalDuration;
  halved: boolean;
  /** The explanation line, in Spanish. */
  line: string;
}

/**
 * Art. 33.1 (tramitación de urgencia): ordinary plazos are halved, rounding UP so the interested
 * party keeps the odd half day (a policy, eni-legal-time C.14). Plazos to file applications and
 * recursos keep their length. An odd number of months has no whole half: it is halved as the
 * natural days it lasts from `triggerDate` (`YYYY-MM-DD`), rounded up, so it needs that date.
 */
export function urgentPlazo(input: { duration: LegalDuration; kind: UrgencyPlazoKind; triggerDate?: string }): Outcome<UrgentPlazo> {
  const { duration, kind } = input;
  if (!Number.isSafeInteger(duration.value) || duration.value < 1) return failure(`the plazo must be a positive whole number, not ${duration.value}`);
  const original = formatLegalDuration(duration);
  if (kind !== 'ORDINARIO') {
    const what = kind === 'RECURSO' ? 'interponer recursos' : 'presentar solicitudes';
    return success({ duration, halved: false, line: `La urgencia no reduce el plazo de ${original} para ${what} (art. 33.1).` });
  }
  const halved = (d: LegalDuration): Outcome<UrgentPlazo> =>
    success({
      duration: d,
      halved: true,
      line: `Tramitación de urgencia: el plazo de ${original} se reduce a la mitad, redondeando al alza: ${formatLegalDuration(d)} (art. 33.1).`,
    });
  if (duration.unit !== 'MESES' && duration.unit !== 'ANOS') return halved({ value: Math.ceil(duration.value / 2), unit: duration.unit });
  const months = duration.unit === 'ANOS' ? duration.value * 12 : duration.value;
  if (months % 2 === 0) return halved({ value: months / 2, unit: 'MESES' });
  if (input.triggerDate === undefined || !isPlainDate(input.triggerDate)) {
    return failure(`half of ${original} is not a whole number of months: give the plazo's start date (YYYY-MM-DD) to halve it in días naturales`);
  }
  const start = Temporal.PlainDate.from(input.triggerDate);
  // art. 30.4: a plazo in months ends on the same day number (or the month's last day).
  const length = start.until(start.add({ months }), { largestUnit: 'days' }).days;
  return halved({ value: Math.ceil(length / 2), unit: 'DIAS_NATURALES' });
}

export interface AudienciaBounds {
  min: LegalDuration;
  max: LegalDuration;
}

/** Art. 82.2: the audiencia lasts no less than 10 and no more than 15 días; under urgency (art. 33.1) both halve, rounding up. */
export function audienciaBounds(urgent = false): AudienciaBounds {
  if (urgent) return { min: { value: 5, unit: 'DIAS_HABILES' }, max: { value: 8, unit: 'DIAS_HABILES' } };
  return { min: { value: 10, unit: 'DIAS_HABILES' }, max: { value: 15, unit: 'DIAS_HABILES' } };
}

/** Checks a plazo of audiencia against art. 82.2 (and art. 33.1 when urgent). */
export function checkAudiencia(duration: LegalDuration, urgent = false): Outcome<void> {
  const { min, max } = audienciaBounds(urgent);
  if (duration.unit !== 'DIAS_HABILES') return failure(`an audiencia is stated in días hábiles (art. 82.2), not ${formatLegalDuration(duration)}`);
  if (duration.value < min.value || duration.value > max.value) {
    const why = urgent ? 'art. 82.2, halved by art. 33.1' : 'art. 82.2';
    return failure(`an audiencia lasts between ${min.value} and ${max.value} días hábiles (${why}), not ${duration.value}`);
  }
  return success(undefined);
}
