import { bytesToBigInt, encodeCrockford } from './crockford.ts';
import type { EniProblem } from './model.ts';

/**
 * ENI identifiers (NTI Documento electrónico and Expediente electrónico): `ES_<Órgano>_<AAAA>_<ID>`
 * for a document and `ES_<Órgano>_<AAAA>_EXP_<ID>` for an expediente, where the órgano is the DIR3
 * code of the unit that captures or opens it, AAAA the year of capture or opening and the ID 30
 * characters unique for that unit. Tramita's ID is `0000` and a ULID: unique, time-ordered and
 * free of `_`, so splitting on `_` is unambiguous.
 */
export const DOCUMENTO_ID = /^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_[0-9A-Z]{30}$/;
export const EXPEDIENTE_ID = /^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_EXP_[0-9A-Z]{30}$/;

/** A DIR3 code as the ENI identifiers carry it: a letter, a letter or digit, seven digits. */
export const isDir3 = (code: string): boolean => /^[A-Z][A-Z0-9][0-9]{7}$/.test(code);

/** 26 Crockford base32 characters: 48 bits of milliseconds, then 80 random bits. */
export function ulid(now: Date, random: (length: number) => Uint8Array): string {
  const time = BigInt(Math.max(0, Math.floor(now.getTime())));
  if (time >= 2n ** 48n) throw new Error('The time does not fit a ULID');
  const bytes = random(10);
  if (bytes.length !== 10) throw new Error('The random source gave the wrong number of bytes');
  return encodeCrockford(time, 10) + encodeCrockford(bytesToBigInt(bytes), 16);
}

/** The 30-character specific part of a Tramita identifier. */
export const specificId = (now: Date, random: (length: number) => Uint8Array): string => `0000${ulid(now, random)}`;

export function documentoIdentificador(organo: string, year: number, specific: string): string {
  const id = `ES_${organo}_${String(year).padStart(4, '0')}_${specific}`;
  if (!DOCUMENTO_ID.test(id)) throw new Error(`Not a valid ENI document identifier: ${id}`);
  return id;
}

export function expedienteIdentificador(organo: string, year: number, specific: string): string {
  const id = `ES_${organo}_${String(year).padStart(4, '0')}_EXP_${specific}`;
  if (!EXPEDIENTE_ID.test(id)) throw new Error(`Not a valid ENI expediente identifier: ${id}`);
  return id;
}

/** The year of an ISO 8601 date-time in its own offset (`2026-12-31T23:30:00+01:00` is 2026). */
const yearOf = (isoDate: string): number | null => (/^(\d{4})-\d{2}-\d{2}T/.test(isoDate) ? Number(isoDate.slice(0, 4)) : null);

function checkIdentifier(kind: 'documento' | 'expediente', id: string, organos: readonly string[], date: string, element: string): EniProblem[] {
  const pattern = kind === 'documento' ? DOCUMENTO_ID : EXPEDIENTE_ID;
  const length = kind === 'documento' ? 48 : 52;
  if (!pattern.test(id) || id.length !== length) {
    return [
      {
        element,
        message: `${id} is not an ENI ${kind} identifier (ES_<DIR3>_<year>_${kind === 'expediente' ? 'EXP_' : ''}<30 letters or digits>, ${length} characters).`,
      },
    ];
  }
  const [, organo, year] = id.split('_');
  const problems: EniProblem[] = [];
  if (!organos.includes(organo!)) problems.push({ element, message: `The órgano ${organo} in ${id} is not one of its Organo values (${organos.join(', ')}).` });
  if (yearOf(date) !== Number(year)) problems.push({ element, message: `The year ${year} in ${id} is not the year of ${date}.` });
  return problems;
}

/** Tramita's rule for the identifiers it issues: format, length, órgano and year. */
export const checkDocumentoIdentificador = (id: string, context: { organos: readonly string[]; fechaCaptura: string }): EniProblem[] =>
  checkIdentifier('documento', id, context.organos, context.fechaCaptura, 'metadatos/Identificador');

export const checkExpedienteIdentificador = (id: string, context: { organos: readonly string[]; fechaApertura: string }): EniProblem[] =>
  checkIdentifier('expediente', id, context.organos, context.fechaApertura, 'metadatosExp/Identificador');

/**
 * The looser rule an import accepts (what the State's own ENI service enforces): another
 * administration's identifiers are kept verbatim when they pass it.
 */
export function checkImportedIdentificador(id: string, kind: 'documento' | 'expediente'): EniProblem[] {
  const element = kind === 'documento' ? 'metadatos/Identificador' : 'metadatosExp/Identificador';
  const shape = kind === 'documento' ? /^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_.+$/ : /^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_EXP_.+$/;
  if (!/^[a-zA-Z0-9._-]{1,52}$/.test(id))
    return [{ element, message: `${id} is not an ENI identifier: letters, digits, ".", "_" or "-", at most 52 characters.` }];
  if (!shape.test(id)) return [{ element, message: `${id} is not an ENI ${kind} identifier (ES_<DIR3>_<year>_${kind === 'expediente' ? 'EXP_' : ''}<id>).` }];
  return [];
}
