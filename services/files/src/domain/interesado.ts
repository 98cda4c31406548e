import {
  actorOf,
  conflict,
  illegalState,
  newId,
  notFound,
  parseIdentityDocument,
  validationError,
  type Actor,
  type IdentityDocumentKind,
} from '@tramita/kernel';

/**
 * Who an expediente concerns (Ley 39/2015 arts. 4 to 8): the solicitante, a representante acting
 * for someone (art. 5), and anyone else whose rights or legitimate interests the resolution may
 * touch (art. 4.1.b and c).
 */
export type InteresadoRole = 'solicitante' | 'representante' | 'interesado';

/** How the administration notifies them (Ley 39/2015 arts. 14 and 41). */
export type ContactChannel = 'electronic' | 'postal';

export interface PostalAddress {
  street: string;
  postalCode: string;
  municipality: string;
  province: string | null;
  country: string;
}

/** What a case worker states about an interesado. */
export interface InteresadoDetails {
  /** NIF, NIE or CIF as typed; kept normalised. */
  document: string;
  name: string;
  role: InteresadoRole;
  channel: ContactChannel;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
}

/** Everything stored about an interesado of one expediente. */
export interface InteresadoState extends InteresadoDetails {
  id: string;
  fileCode: string;
  organism: string;
  documentKind: IdentityDocumentKind;
  /** 1 when added, +1 per change. */
  version: number;
  addedAt: Date;
  addedBy: Actor;
  updatedAt: Date;
  updatedBy: Actor;
}

export type InteresadoChange = 'added' | 'changed' | 'removed';

/** One row of an expediente's interesado history: kept for ever, never rewritten. */
export interface InteresadoHistoryEntry {
  interesadoId: string;
  fileCode: string;
  organism: string;
  change: InteresadoChange;
  at: Date;
  by: Actor;
  /** Null for `added`. */
  before: InteresadoState | null;
  /** Null for `removed`. */
  after: InteresadoState | null;
}

/** An expediente holds at most this many interesados. */
export const MAX_INTERESADOS = 50;

export const interesadoNotFound = (id: string) => notFound('interesado-not-found', `The expediente has no interesado ${id}.`, { interesadoId: id });

/** 409: one person (one document) appears once per expediente. */
export const interesadoDuplicate = (document: string) =>
  conflict('interesado-duplicate', `The expediente already has an interesado with document ${document}.`, { field: 'document' });

/**
 * Checks a statement about an interesado and gives it back with its document normalised, and the
 * kind of document it is. The rules that need several fields live here:
 * - a legal person (CIF) must deal with the administration electronically (art. 14.2.a);
 * - electronic notices are announced by email (art. 41.6), so that channel needs one;
 * - a postal notice needs the address it goes to (art. 41 and 42).
 */
export function checkDetails(details: InteresadoDetails): { details: InteresadoDetails; documentKind: IdentityDocumentKind } {
  const document = parseIdentityDocument(details.document);
  if (!document.ok) throw validationError('invalid-document', document.reason, { field: 'document' });
  const name = details.name.trim();
  if (name === '' || name.length > 200)
    throw validationError('invalid-name', 'Give the name: "Apellidos, Nombre" or the company name (at most 200 characters).', { field: 'name' });
  if (document.kind === 'CIF' && details.channel !== 'electronic') {
    throw validationError(
      'electronic-channel-required',
      'A legal person (CIF) is notified electronically (Ley 39/2015, art. 14.2.a): choose the electronic channel.',
      {
        field: 'channel',
      },
    );
  }
  if (details.channel === 'electronic' && !details.email) {
    throw validationError('email-required', 'The electronic channel needs an email to announce each notice (Ley 39/2015, art. 41.6).', { field: 'email' });
  }
  if (details.channel === 'postal' && !details.address) {
    throw validationError('address-required', 'The postal channel needs the address notices are sent to.', { field: 'address' });
  }
  return {
    details: { ...details, document: document.value, name, address: details.address ? { ...details.address } : null },
    documentKind: document.kind,
  };
}

/**
 * The interesados of an expediente change only while it is open: once bpm reports it finished,
 * the record is closed (the same refusal an edit of the expediente gets).
 */
export function assertInteresadosOpen(file: { code: string; status: 'creating' | 'active' | 'finished' }): void {
  if (file.status === 'finished') throw illegalState('file-finished', `The expediente ${file.code} is finished: its interesados can no longer change.`);
}

/**
 * Whether `candidate` may join (or, changed, stay among) the expediente's other interesados: one
 * person appears once per expediente (409 `interesado-duplicate`) and there are at most
 * MAX_INTERESADOS.
 */
export function assertFitsAmong(candidate: Interesado, current: readonly Interesado[]): void {
  const others = current.filter((other) => other.id !== candidate.id);
  if (others.some((other) => other.document === candidate.document)) throw interesadoDuplicate(candidate.document);
  if (others.length >= MAX_INTERESADOS) {
    throw conflict('too-many-interesados', `An expediente holds at most ${MAX_INTERESADOS} interesados.`, { limit: MAX_INTERESADOS });
  }
}

/** An interesado of one expediente. */
export class Interesado {
  #state: InteresadoState;

  private constructor(state: InteresadoState) {
    this.#state = state;
  }

  /** A new interesado of the expediente, at version 1. */
  static add(input: { fileCode: string; organism: string; details: InteresadoDetails; by: Actor; at: Date; id?: string }): Interesado {
    const { details, documentKind } = checkDetails(input.details);
    return new Interesado({
      ...details,
      id: input.id ?? newId(input.at.getTime()),
      fileCode: input.fileCode,
      organism: input.organism,
      documentKind,
      version: 1,
      addedAt: input.at,
      addedBy: actorOf(input.by),
      updatedAt: input.at,
      updatedBy: actorOf(input.by),
    });
  }

  static restore(state: InteresadoState): Interesado {
    return new Interesado(structuredClone(state));
  }

  get state(): Readonly<InteresadoState> {
    return structuredClone(this.#state);
  }

  get id(): string {
    return this.#state.id;
  }

  get document(): string {
    return this.#state.document;
  }

  get version(): number {
    return this.#state.version;
  }

  /** Whether it belongs to that expediente: an id of another expediente is answered as missing. */
  belongsTo(file: { code: string; organism: string }): boolean {
    return this.#state.fileCode === file.code && this.#state.organism === file.organism;
  }

  /** Refuses (409) a write that was based on another version than the current one. */
  assertVersion(expectedVersion: number): void {
    if (expectedVersion !== this.#state.version) {
      throw conflict('version-conflict', `The interesado is at version ${this.#state.version}, not ${expectedVersion}.`, {
        currentVersion: this.#state.version,
      });
    }
  }

  /**
   * Replaces the statement with `details` (a PATCH states it whole). Returns false, and keeps the
   * version, when nothing differs.
   */
  change(details: InteresadoDetails, by: Actor, at: Date, expectedVersion: number): boolean {
    this.assertVersion(expectedVersion);
    const checked = checkDetails(details);
    const s = this.#state;
    const current: InteresadoDetails = {
      document: s.document,
      name: s.name,
      role: s.role,
      channel: s.channel,
      email: s.email,
      phone: s.phone,
      address: s.address,
    };
    if (JSON.stringify(current) === JSON.stringify(checked.details)) return false;
    this.#state = { ...s, ...checked.details, documentKind: checked.documentKind, version: s.version + 1, updatedAt: at, updatedBy: actorOf(by) };
    return true;
  }
}

/** The history row a change writes, with both snapshots. */
export function historyEntry(change: InteresadoChange, before: Interesado | null, after: Interesado | null, by: Actor, at: Date): InteresadoHistoryEntry {
  const subject = (after ?? before)?.state;
  if (!subject) throw new Error('A history entry needs the interesado before or after the change');
  return {
    interesadoId: subject.id,
    fileCode: subject.fileCode,
    organism: subject.organism,
    change,
    at,
    by: actorOf(by),
    before: before ? before.state : null,
    after: after ? after.state : null,
  };
}
