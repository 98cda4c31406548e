/**
 * Spanish identity documents of "interesados": the NIF of a person (DNI number, or the K, L and M
 * forms), the NIE of a foreign person, and the NIF of a legal person or entity (the old CIF).
 *
 * The check letter of a person's NIF and of a NIE is the one of the Spanish national identity
 * document (DNI, Real Decreto 1553/2005), which the NIF of persons and the NIE reuse (Real Decreto
 * 1065/2007): the number mod 23 picks a letter of `TRWAGMYFPDXBNJZSQVHLCKE`. The control character
 * of an entity's NIF follows Orden EHA/451/2008 on the NIF of legal persons, which also sets which
 * first letters take a control letter and which a digit.
 */

/** What a document number turned out to be, or why it is not one. */
export type IdentityDocumentCheck = { ok: true; kind: IdentityDocumentKind; value: string } | { ok: false; reason: string };

/** The three kinds: a person's NIF, a foreigner's NIE, an entity's NIF (CIF). */
export type IdentityDocumentKind = 'NIF' | 'NIE' | 'CIF';

const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_CONTROL_LETTERS = 'JABCDEFGHI';
const NIE_PREFIX_DIGIT: Readonly<Record<string, string>> = { X: '0', Y: '1', Z: '2' };
// Orden EHA/451/2008: these entities always carry a control letter, these always a digit; the rest may carry either.
const CIF_LETTER_CONTROL = 'PQRSWN';
const CIF_DIGIT_CONTROL = 'ABEH';

const CIF_FIRST_LETTERS = 'ABCDEFGHJNPQRSUVW';
const NIF_SHAPE = /^(?:\d{8}|[KLM]\d{7})[A-Z]$/;
const NIE_SHAPE = /^[XYZ]\d{7}[A-Z]$/;
const CIF_SHAPE = /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/;

/** The way a document number is written down for comparison: trimmed, upper-case, without spaces, hyphens or dots. */
export function normaliseIdentityDocument(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s.-]/g, '');
}

/** Reads a NIF, NIE or CIF as a person typed it and says which it is (normalised), or why it is not valid. */
export function parseIdentityDocument(input: string): IdentityDocumentCheck {
  const value = normaliseIdentityDocument(input);
  if (value === '') return { ok: false, reason: 'An identity document number (NIF, NIE or CIF) is required.' };
  const first = value.charAt(0);
  if (/\d/.test(first) || 'KLM'.includes(first)) return checkNif(value);
  if ('XYZ'.includes(first)) return checkNie(value);
  if (CIF_FIRST_LETTERS.includes(first)) return checkCif(value);
  return {
    ok: false,
    reason: 'An identity document starts with a digit or K, L or M (NIF), with X, Y or Z (NIE), or with one of the letters A-H, J, N, P-S, U-W (CIF).',
  };
}

/** The check letter of a person's NIF or a NIE for the given number. */
function checkLetter(digits: string): string {
  return CHECK_LETTERS.charAt(Number(digits) % 23);
}

function checkNif(value: string): IdentityDocumentCheck {
  if (!NIF_SHAPE.test(value)) return { ok: false, reason: 'A NIF has 8 digits and a letter, or starts with K, L or M followed by 7 digits and a letter.' };
  const expected = checkLetter(value.replace(/^[KLM]/, '').slice(0, -1));
  if (value.endsWith(expected)) return { ok: true, kind: 'NIF', value };
  return { ok: false, reason: `The check letter of NIF ${value} should be ${expected}.` };
}

function checkNie(value: string): IdentityDocumentCheck {
  if (!NIE_SHAPE.test(value)) return { ok: false, reason: 'A NIE starts with X, Y or Z followed by 7 digits and a letter.' };
  const expected = checkLetter(`${NIE_PREFIX_DIGIT[value.charAt(0)] ?? ''}${value.slice(1, 8)}`);
  if (value.endsWith(expected)) return { ok: true, kind: 'NIE', value };
  return { ok: false, reason: `The check letter of NIE ${value} should be ${expected}.` };
}

/** The control digit of an entity's NIF: even positions add up as they are, odd positions as the digit sum of their double. */
function cifControlDigit(sevenDigits: string): number {
  let sum = 0;
  for (let i = 0; i < sevenDigits.length; i++) {
    const digit = Number(sevenDigits.charAt(i));
    // i is 0-based: i = 0, 2, 4, 6 are the 1st, 3rd, 5th and 7th (odd) positions.
    sum += i % 2 === 0 ? Math.floor((digit * 2) / 10) + ((digit * 2) % 10) : digit;
  }
  return (10 - (sum % 10)) % 10;
}

function checkCif(value: string): IdentityDocumentCheck {
  if (!CIF_SHAPE.test(value)) return { ok: false, reason: 'A CIF is a letter (A-H, J, N, P-S, U-W), 7 digits and a control digit or letter (A-J).' };
  const first = value.charAt(0);
  const digit = cifControlDigit(value.slice(1, 8));
  const letter = CIF_CONTROL_LETTERS.charAt(digit);
  const given = value.charAt(8);
  if (CIF_LETTER_CONTROL.includes(first)) {
    return given === letter
      ? { ok: true, kind: 'CIF', value }
      : { ok: false, reason: `A CIF starting with ${first} ends in a control letter: for ${value} it should be ${letter}.` };
  }
  if (CIF_DIGIT_CONTROL.includes(first)) {
    return given === String(digit)
      ? { ok: true, kind: 'CIF', value }
      : { ok: false, reason: `A CIF starting with ${first} ends in a control digit: for ${value} it should be ${digit}.` };
  }
  if (given === letter || given === String(digit)) return { ok: true, kind: 'CIF', value };
  return { ok: false, reason: `The control character of CIF ${value} should be ${digit} or ${letter}.` };
}
