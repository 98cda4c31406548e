import type { ContactChannel, InteresadoHistoryResource, InteresadoInput, InteresadoResource, InteresadoRole } from '@tramita/contracts';
import { ApiError, problemKey } from '../api/problem.ts';

export type Interesado = InteresadoResource;
export type InteresadoHistoryEntry = InteresadoHistoryResource['items'][number];

/** The contract's roles and channels, in the order a case worker meets them (the web imports only types from contracts). */
export const ROLES = ['solicitante', 'representante', 'interesado'] as const satisfies readonly InteresadoRole[];
export const CHANNELS = ['electronic', 'postal'] as const satisfies readonly ContactChannel[];

/** What the form holds: every field as typed, address parts flattened. */
export interface InteresadoDraft {
  document: string;
  name: string;
  role: InteresadoRole;
  channel: ContactChannel;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  municipality: string;
  province: string;
  country: string;
}
export type DraftField = keyof InteresadoDraft;

/** The fields in the order the form shows them: the first one in error takes the focus. */
export const FIELD_ORDER: readonly DraftField[] = [
  'document',
  'name',
  'role',
  'channel',
  'email',
  'phone',
  'street',
  'postalCode',
  'municipality',
  'province',
  'country',
];

export const emptyDraft = (): InteresadoDraft => ({
  document: '',
  name: '',
  role: 'interesado',
  channel: 'electronic',
  email: '',
  phone: '',
  street: '',
  postalCode: '',
  municipality: '',
  province: '',
  country: 'ES',
});

export function draftOf(interesado: Interesado): InteresadoDraft {
  const address = interesado.address;
  return {
    document: interesado.document,
    name: interesado.name,
    role: interesado.role,
    channel: interesado.channel,
    email: interesado.email ?? '',
    phone: interesado.phone ?? '',
    street: address?.street ?? '',
    postalCode: address?.postalCode ?? '',
    municipality: address?.municipality ?? '',
    province: address?.province ?? '',
    country: address?.country ?? 'ES',
  };
}

const hasAddress = (draft: InteresadoDraft) => [draft.street, draft.postalCode, draft.municipality, draft.province].some((part) => part.trim() !== '');

/** The body the files service reads: empty optional fields as null, the address only when one was given. */
export function inputOf(draft: InteresadoDraft): InteresadoInput {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    document: draft.document.trim(),
    name: draft.name.trim(),
    role: draft.role,
    channel: draft.channel,
    email: optional(draft.email),
    phone: optional(draft.phone),
    address: hasAddress(draft)
      ? {
          street: draft.street.trim(),
          postalCode: draft.postalCode.trim(),
          municipality: draft.municipality.trim(),
          province: optional(draft.province),
          country: draft.country.trim() || 'ES',
        }
      : null,
  };
}

/** A field's error: a sentence of the catalogue and, when the server gave one, its own words (the exact reason, such as the expected check letter). */
export interface FieldError {
  key: string;
  detail?: string;
}
export type FieldErrors = Partial<Record<DraftField, FieldError>>;

/**
 * What can be told before asking the server: the required fields, and what the chosen channel
 * needs (Ley 39/2015 art. 41: an email to announce electronic notices, an address for postal ones).
 * The check digit of the NIF, NIE or CIF is the server's to verify: its answer shows by the field.
 */
export function checkDraft(draft: InteresadoDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.document.trim() === '') errors.document = { key: 'interesados.errors.documentRequired' };
  if (draft.name.trim() === '') errors.name = { key: 'interesados.errors.nameRequired' };
  if (draft.channel === 'electronic' && draft.email.trim() === '') errors.email = { key: 'problems.email-required' };
  if (draft.channel === 'postal' || hasAddress(draft)) {
    for (const part of ['street', 'postalCode', 'municipality'] as const) {
      if (draft[part].trim() === '') errors[part] = { key: `interesados.errors.${part}Required` };
    }
  }
  return errors;
}

/** The field a domain refusal of the files service is about (its problem names the code, the field is ours to place). */
const FIELD_OF_CODE: Readonly<Record<string, DraftField>> = {
  'invalid-document': 'document',
  'interesado-duplicate': 'document',
  'invalid-name': 'name',
  'electronic-channel-required': 'channel',
  'email-required': 'email',
  'address-required': 'street',
};

/** A request the schema refused names the field by path (`body.address.street`, `querystring.document`). */
function fieldOfPath(path: string): DraftField | undefined {
  const last = path.split('.').slice(1).at(-1);
  const name = last === 'address' ? 'street' : last;
  return FIELD_ORDER.find((field) => field === name);
}

/**
 * Places the server's refusal next to the fields it is about; `rest` is what no field explains (a
 * conflict, a lost connection…), shown above the buttons instead.
 */
export function fieldErrorsOf(error: unknown): { fields: FieldErrors; placed: boolean } {
  if (!(error instanceof ApiError) || error.status >= 500) return { fields: {}, placed: false };
  const fields: FieldErrors = {};
  const own = FIELD_OF_CODE[error.code];
  // Only a wrong document's own words add to the sentence: they say which check letter or digit was expected.
  if (own) fields[own] = { key: `problems.${error.code}`, ...(error.code === 'invalid-document' && error.detail ? { detail: error.detail } : {}) };
  for (const issue of error.fieldErrors) {
    const field = fieldOfPath(issue.path);
    if (field && !fields[field]) fields[field] = { key: `interesados.errors.invalid.${field}`, detail: issue.message };
  }
  return { fields, placed: Object.keys(fields).length > 0 };
}

/** Problem codes of interesados and relations with their own sentence; the rest as the app words them. */
const OWN_PROBLEMS = new Set([
  'interesado-duplicate',
  'interesado-not-found',
  'too-many-interesados',
  'invalid-document',
  'electronic-channel-required',
  'email-required',
  'address-required',
  'relation-exists',
  'relation-not-found',
  'too-many-relations',
  'self-relation',
  'file-code-ambiguous',
]);

export function interesadoProblemKey(error: unknown): string {
  return error instanceof ApiError && OWN_PROBLEMS.has(error.code) ? `problems.${error.code}` : problemKey(error);
}

/** The fields a change touched, named as the table names them (never their values: the table shows those). */
export function changedFields(entry: InteresadoHistoryEntry): ('document' | 'name' | 'role' | 'channel' | 'email' | 'phone' | 'address')[] {
  const { before, after } = entry;
  if (!before || !after) return [];
  const fields = ['document', 'name', 'role', 'channel', 'email', 'phone', 'address'] as const;
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** An address on one line, as a letter would carry it. */
export function addressLine(address: Interesado['address']): string {
  if (!address) return '';
  const place = [address.postalCode, address.municipality].filter(Boolean).join(' ');
  const region = address.province ? `(${address.province})` : '';
  return [address.street, [place, region].filter(Boolean).join(' '), address.country === 'ES' ? '' : address.country].filter(Boolean).join(', ');
}
