import { failure, success, type Outcome } from './outcome.ts';
import type { LegalDuration, LegalUnit } from './types.ts';

/** Art. 30.1: a plazo in hours is at most 24; a longer one must be stated in days. */
export const MAX_HOURS = 24;

const ACCEPTED_FORMS =
  '`N días hábiles`, `N días naturales`, `N horas`, `N meses`, `N años` (or the singular `1 día hábil`, `1 día natural`, `1 hora`, `1 mes`, `1 año`)';

/** Each unit with its Spanish singular and plural, written without accents for matching. */
const UNIT_WORDS: Record<LegalUnit, { singular: string; plural: string; display: [singular: string, plural: string] }> = {
  HORAS: { singular: 'hora', plural: 'horas', display: ['hora', 'horas'] },
  DIAS_HABILES: { singular: 'dia habil', plural: 'dias habiles', display: ['día hábil', 'días hábiles'] },
  DIAS_NATURALES: { singular: 'dia natural', plural: 'dias naturales', display: ['día natural', 'días naturales'] },
  MESES: { singular: 'mes', plural: 'meses', display: ['mes', 'meses'] },
  ANOS: { singular: 'ano', plural: 'anos', display: ['año', 'años'] },
};

/** Lower case, accents and the ñ's tilde removed, runs of spaces made one. */
function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

/**
 * Reads a plazo as people write it (`10 días hábiles`, `24 horas`, `1 mes`, `2 años`; accents
 * optional, any case). A bare `N días` is refused on purpose: art. 30.2 reads it as hábiles, but a
 * procedure must say which, so the notification can say it too.
 */
export function parseLegalDuration(text: string): Outcome<LegalDuration> {
  const match = /^(\d+) (.+)$/.exec(normalise(text));
  const refused = `"${text}" is not a legal duration; write ${ACCEPTED_FORMS}, with a positive whole number`;
  if (!match) return failure(refused);
  const value = Number(match[1]);
  const words = match[2];
  const entry = (Object.entries(UNIT_WORDS) as [LegalUnit, (typeof UNIT_WORDS)[LegalUnit]][]).find(([, w]) => w.singular === words || w.plural === words);
  if (!entry) return failure(refused);
  const [unit, w] = entry;
  if (!Number.isSafeInteger(value) || value < 1) return failure(`"${text}": the amount must be a positive whole number`);
  if ((value === 1 ? w.singular : w.plural) !== words) {
    return failure(`"${text}": write "${value} ${value === 1 ? w.display[0] : w.display[1]}"`);
  }
  // art. 30.1: plazos longer than 24 hours are stated in days.
  if (unit === 'HORAS' && value > MAX_HOURS)
    return failure(`"${text}": a plazo in hours is at most ${MAX_HOURS} hours (art. 30.1); state a longer one in days`);
  return success({ value, unit });
}

/** The Spanish text of a duration, as `parseLegalDuration` reads it back: `10 días hábiles`, `1 mes`. */
export function formatLegalDuration(duration: LegalDuration): string {
  const [singular, plural] = UNIT_WORDS[duration.unit].display;
  return `${duration.value} ${duration.value === 1 ? singular : plural}`;
}
