import { validationError } from '@tramita/kernel';
import { COMMON_PASSWORD_WORDS } from './common-passwords.ts';

/** Shortest password accepted for a person. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted (bounds the cost of hashing untrusted input). */
export const MAX_PASSWORD_LENGTH = 256;
/** Fewest different characters a password must use. */
const MIN_DISTINCT_CHARACTERS = 5;

/** Sequences that "patterns" passwords walk along: digits, the alphabet and keyboard rows. */
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

export type PasswordRule =
  'too-short' | 'too-long' | 'control-characters' | 'contains-personal-data' | 'too-few-characters' | 'repeated-pattern' | 'sequence' | 'common-password';

const MESSAGES: Record<PasswordRule, string> = {
  'too-short': `at least ${MIN_PASSWORD_LENGTH} characters`,
  'too-long': `at most ${MAX_PASSWORD_LENGTH} characters`,
  'control-characters': 'no control characters',
  'contains-personal-data': "not the user name nor the person's names in it",
  'too-few-characters': `at least ${MIN_DISTINCT_CHARACTERS} different characters`,
  'repeated-pattern': 'not a short piece repeated',
  sequence: 'not a run of consecutive digits, letters or keys',
  'common-password': 'not a common password (a common word with digits or symbols around it)',
};

/** Whose password it is, to refuse one built from the person's own data. */
export interface PasswordOwner {
  username: string;
  givenName?: string;
  familyName?: string;
}

/** Lowercase, without accents: "Contraseña" and "contrasena" are the same guess. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Digits and symbols written for letters ("P@ssw0rd", "C0ntr4s3n4"). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * The letters a password is built on: its letters alone ("Verano2024!!" → "verano"), and its letters
 * once digits and symbols between them are read as the letters they stand for, after dropping the
 * symbols and the runs of two or more digits at either end ("P@ssw0rd2024" → "password").
 */
function commonWordCandidates(folded: string): string[] {
  const core = folded
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/^\d{2,}|\d{2,}$/gu, '')
    .replace(/^[^\p{L}\p{N}@$]+|[^\p{L}\p{N}@$]+$/gu, '');
  const leet = [...core].map((character) => LEET[character] ?? character).join('');
  return [folded.replace(/[^\p{L}]/gu, ''), leet.replace(/[^\p{L}]/gu, '')];
}

/** One common word, or one repeated ("jordanjordan"). */
function isCommonWord(letters: string): boolean {
  if (letters.length === 0) return false;
  if (COMMON_PASSWORD_WORDS.has(letters)) return true;
  const piece = /^(.+?)\1+$/u.exec(letters)?.[1];
  return piece !== undefined && COMMON_PASSWORD_WORDS.has(piece);
}

/** The rules a password breaks (empty: acceptable). */
export function passwordProblems(password: string, owner: PasswordOwner): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  if (/\p{Cc}/u.test(password)) problems.push('control-characters');
  const folded = fold(password);
  // The user name whole (3+ characters); each name 4+ characters long ("Ana" would refuse "banana").
  const names = fold(`${owner.givenName ?? ''} ${owner.familyName ?? ''}`)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length >= 4);
  const personal = [fold(owner.username), ...names].filter((part) => part.length >= 3);
  if (personal.some((part) => folded.includes(part))) problems.push('contains-personal-data');
  if (new Set(folded).size < MIN_DISTINCT_CHARACTERS) problems.push('too-few-characters');
  if (/^(.{1,6}?)\1+$/su.test(folded)) problems.push('repeated-pattern');
  if (folded.length >= 4 && SEQUENCES.some((sequence) => sequence.includes(folded) || [...sequence].reverse().join('').includes(folded)))
    problems.push('sequence');
  if (commonWordCandidates(folded).some(isCommonWord)) problems.push('common-password');
  return problems;
}

/** Throws `weak-password` (400) naming every rule the password breaks; never echoes it. */
export function assertAcceptablePassword(password: string, owner: PasswordOwner): void {
  const problems = passwordProblems(password, owner);
  if (problems.length === 0) return;
  throw validationError('weak-password', `The password is not acceptable. It needs: ${problems.map((rule) => MESSAGES[rule]).join('; ')}.`, {
    rules: problems,
  });
}

/** The policy in words, for the API documentation. */
export const PASSWORD_POLICY_TEXT =
  `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, at least ${MIN_DISTINCT_CHARACTERS} different ones; ` +
  "not containing the user name or the person's names; not a repeated piece, a run of consecutive digits, letters or keys, " +
  'nor a common password (a common word such as "contraseña" or "password" with digits or symbols around it).';
