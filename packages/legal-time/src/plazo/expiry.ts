import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { spanishDate } from '../calendar/spanish-date.ts';
import { computeDue } from '../count/compute-due.ts';
import { failure, success, type Outcome } from '../outcome.ts';
import type { CalendarContext, DueDate, LegalTimePolicy } from '../types.ts';
import { asInstant, checkMoment, dateIn, isAfterEnd } from './dates.ts';
import type { ExpiryEffect, Initiation } from './types.ts';

export type ExpiryKind = 'PENDING' | 'IN_TIME' | 'SILENCIO_POSITIVO' | 'SILENCIO_NEGATIVO' | 'CADUCIDAD' | 'NO_DECLARADO' | 'NOT_DECIDABLE';

export interface ExpiryInput {
  initiation: Initiation;
  /** The effect the procedure's regulation states; the engine never infers it (arts. 24.1, 25). */
  effect: ExpiryEffect;
  /** The maximum plazo's due date (`maximumPlazo`). */
  due: DueDate;
  /**
   * When the Administration met its duty: the puesta a disposición of the electronic notification
   * (art. 43.3) or the first duly evidenced attempt on paper (art. 40.4). Null when neither happened.
   */
  notifiedAt: string | null;
  /** When the interested party opened it, if known: shown, never used for the plazo (arts. 40.4, 43.3). */
  accessedAt?: string | null;
  now: string;
}

export interface ExpiryResult {
  kind: ExpiryKind;
  /** From when the effect holds: 00:00 of the day after the due date in the sede's zone; null when no effect. */
  effectiveFrom: string | null;
  /**
   * What a later express resolution may do: CONFIRM_ONLY after an estimación (art. 24.3.a), FREE
   * after a desestimación (art. 24.3.b), DECLARE_CADUCIDAD_ONLY after caducidad (arts. 25.1.b,
   * 95: no resolution on the merits; the caller must block it), null while nothing has happened.
   */
  laterResolution: 'CONFIRM_ONLY' | 'FREE' | 'DECLARE_CADUCIDAD_ONLY' | null;
  articles: string[];
  lines: string[];
}

function result(
  kind: ExpiryKind,
  articles: string[],
  lines: string[],
  effectiveFrom: string | null = null,
  laterResolution: ExpiryResult['laterResolution'] = null,
): ExpiryResult {
  return { kind, effectiveFrom, laterResolution, articles, lines };
}

/** 00:00 of the day after `due.date`, with the offset the plazo ended in (Spanish clocks change at 01:00–03:00, never at midnight). */
function nextMidnight(due: DueDate): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(due.endsAt)?.[1] ?? 'Z';
  return `${Temporal.PlainDate.from(due.date).add({ days: 1 }).toString()}T00:00:00${offset === 'Z' ? '+00:00' : offset}`;
}

/**
 * What expiry of the maximum plazo means (arts. 21, 24, 25, 40.4, 43.3; eni-legal-time C.8, C.11,
 * C.12). The Administration meets the plazo by notifying, and notifying is the puesta a
 * disposición or the first evidenced attempt, never the interested party's access. Nothing is
 * declared on a PROVISIONAL due date (fail closed, ADR 0016).
 */
export function expiryOutcome(input: ExpiryInput): Outcome<ExpiryResult> {
  const { initiation, effect, due } = input;
  // art. 25.1.a: a de oficio procedure's silence is only ever desestimatorio.
  if (initiation === 'OFICIO' && effect === 'SILENCIO_POSITIVO')
    return failure('a de oficio procedure has no positive silence: its interested parties may treat it as desestimado (art. 25.1.a)');
  // art. 25.1.b applies to de oficio procedures; a requested one lapses only after the art. 95.1 warning.
  if (initiation === 'SOLICITUD' && effect === 'CADUCIDAD')
    return failure('a requested procedure does not lapse by expiry of the maximum plazo: caducidad needs the art. 95.1 warning (caducidadWarningDue)');
  for (const [text, what] of [
    [input.now, 'now'],
    [input.notifiedAt, 'notifiedAt'],
    [input.accessedAt ?? null, 'accessedAt'],
  ] as const) {
    if (text === null) continue;
    const read = checkMoment(text, what);
    if (!read.ok) return read;
  }
  const end = spanishDate(due.date);
  if (due.status === 'PROVISIONAL') {
    return success(
      result(
        'NOT_DECIDABLE',
        [],
        [`El vencimiento del ${end} es provisional (falta un calendario verificado): no se declara ningún efecto hasta que sea definitivo.`],
      ),
    );
  }
  const access =
    input.accessedAt != null && input.notifiedAt !== null
      ? [`El acceso del interesado no cuenta para el plazo: basta la puesta a disposición o el primer intento acreditado (arts. 40.4 y 43.3).`]
      : [];
  if (input.notifiedAt !== null && !isAfterEnd(input.notifiedAt, due)) {
    return success(
      result(
        'IN_TIME',
        ['art. 21.1', 'art. 40.4', 'art. 43.3'],
        [`La resolución se puso a disposición o se intentó notificar dentro del plazo, que vencía el ${end} (arts. 40.4 y 43.3).`, ...access],
      ),
    );
  }
  if (!isAfterEnd(input.now, due)) return success(result('PENDING', ['art. 21.1'], [`El plazo máximo para resolver y notificar vence el ${end}.`]));

  const from = nextMidnight(due);
  const fromDay = spanishDate(Temporal.PlainDate.from(due.date).add({ days: 1 }));
  const late = input.notifiedAt !== null ? [`La notificación llegó tarde: se puso a disposición o se intentó después del ${end}.`] : [];
  const expired = `Venció el ${end} sin notificar la resolución`;
  switch (effect) {
    case 'SILENCIO_POSITIVO':
      return success(
        result(
          'SILENCIO_POSITIVO',
          ['art. 24.1', 'art. 24.2', 'art. 24.3.a'],
          [
            ...late,
            `${expired}: la solicitud se entiende estimada por silencio administrativo desde el ${fromDay} (art. 24.1).`,
            'La estimación es un acto que pone fin al procedimiento; una resolución expresa posterior solo puede confirmarla (art. 24.3.a).',
          ],
          from,
          'CONFIRM_ONLY',
        ),
      );
    case 'SILENCIO_NEGATIVO':
      return success(
        result(
          'SILENCIO_NEGATIVO',
          initiation === 'OFICIO' ? ['art. 25.1.a', 'art. 24.3.b'] : ['art. 24.1', 'art. 24.2', 'art. 24.3.b'],
          [
            ...late,
            initiation === 'OFICIO'
              ? `${expired}: los interesados que comparecieron pueden entender desestimadas sus pretensiones desde el ${fromDay} (art. 25.1.a).`
              : `${expired}: la solicitud se entiende desestimada por silencio administrativo desde el ${fromDay} (art. 24.1); permite interponer el recurso que proceda (art. 24.2).`,
            'La resolución expresa posterior se dicta sin vinculación al sentido del silencio (art. 24.3.b).',
          ],
          from,
          'FREE',
        ),
      );
    case 'CADUCIDAD':
      return success(
        result(
          'CADUCIDAD',
          ['art. 25.1.b', 'art. 95'],
          [
            ...late,
            `${expired}: el procedimiento iniciado de oficio ha caducado desde el ${fromDay} (art. 25.1.b).`,
            'Procede la resolución que declare la caducidad y ordene el archivo, con los efectos del art. 95; no cabe resolver sobre el fondo.',
          ],
          from,
          'DECLARE_CADUCIDAD_ONLY',
        ),
      );
    case 'NO_DECLARADO':
      return success(
        result(
          'NO_DECLARADO',
          ['art. 21.1'],
          [...late, `${expired}. El procedimiento no declara el efecto del vencimiento: no se deduce ninguno, solo se avisa.`],
        ),
      );
  }
}

/**
 * Art. 24.4: the certificate of silence is issued ex officio within 15 días (hábiles) of the
 * expiry of the maximum plazo, counted from the day after. PROVISIONAL when the expiry date is.
 */
export function silenceCertificateDue(
  input: { expiredOn: DueDate; context: CalendarContext },
  set: CalendarSet,
  policy: Partial<LegalTimePolicy> = {},
): Outcome<DueDate> {
  const due = computeDue(
    { trigger: input.expiredOn.endsAt, duration: { value: 15, unit: 'DIAS_HABILES' }, context: input.context, triggerKind: 'SILENCE' },
    set,
    policy,
  );
  if (!due.ok) return due;
  const lines = [
    `Certificado acreditativo del silencio: se expide de oficio en 15 días hábiles desde el vencimiento (art. 24.4).`,
    ...due.value.explanation.lines,
  ];
  const status = input.expiredOn.status === 'PROVISIONAL' ? 'PROVISIONAL' : due.value.status;
  return success({ ...due.value, status, explanation: { ...due.value.explanation, articles: ['art. 24.4', ...due.value.explanation.articles], lines } });
}

export interface CaducidadWarning {
  /** The end of the 3 months (art. 95.1), moved by art. 30.5. */
  due: DueDate;
  /** The first day the archive may be agreed: the day after `due.date`. */
  archiveFrom: string;
}

/**
 * Art. 95.1: in a requested procedure stalled by the interested party, the Administration warns
 * that it will lapse after 3 months; once they pass without the activity, it agrees the archive
 * (eni-legal-time C.12: warned 10 Feb 2026, due Mon 11 May, archive from 12 May).
 */
export function caducidadWarningDue(
  input: { warningNotifiedAt: string; context: CalendarContext },
  set: CalendarSet,
  policy: Partial<LegalTimePolicy> = {},
): Outcome<CaducidadWarning> {
  const tz = input.context.timeZone;
  const read = dateIn(input.warningNotifiedAt, tz, 'warningNotifiedAt');
  if (!read.ok) return read;
  const due = computeDue(
    { trigger: asInstant(input.warningNotifiedAt, tz), duration: { value: 3, unit: 'MESES' }, context: input.context, triggerKind: 'NOTIFICATION' },
    set,
    policy,
  );
  if (!due.ok) return due;
  const archiveFrom = Temporal.PlainDate.from(due.value.date).add({ days: 1 });
  const lines = [
    'Advertencia de caducidad: transcurridos tres meses sin la actividad requerida, se acordará el archivo (art. 95.1).',
    ...due.value.explanation.lines,
    `Desde el ${spanishDate(archiveFrom)} puede acordarse el archivo por resolución notificada (art. 95.1).`,
  ];
  return success({
    due: { ...due.value, explanation: { ...due.value.explanation, articles: ['art. 95.1', ...due.value.explanation.articles], lines } },
    archiveFrom: archiveFrom.toString(),
  });
}
