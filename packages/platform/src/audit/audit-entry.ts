import { createHash } from 'node:crypto';
import { actorOf, type Actor } from '@tramita/kernel';

/**
 * One entry of the audit trail: who did what, when, on which expediente, with what outcome
 * (Ley 40/2015 art. 41 on automated actions; RGPD art. 30 and the ENS access records). Entries
 * are hash-chained: each hash covers the entry and the previous entry's hash, so changing,
 * removing or reordering one breaks every link after it, and an auditor can verify an export
 * offline (verify-audit-export.ts).
 */

/** A process acting on its own account (a sweeper, a migration), named `<service>.<task>`. */
export interface SystemActor {
  system: string;
}

/** A person (only the attribution fields, never a principal's token) or a system actor. */
export type AuditActor = Actor | SystemActor;

export type AuditOutcome = 'success' | 'refused' | 'failed';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'refused', 'failed'];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };
/** Small facts about the action (a document id, a new phase): never passwords, tokens or document contents. */
export type AuditDetails = Record<string, JsonValue | undefined>;

/** What a caller records; the log adds `seq`, `at` and the hashes. */
export interface AuditEntryInput {
  service: string;
  actor: AuditActor;
  /** `<object>.<verb>`: `file.create`, `document.download`, `access.refused`, `auth.login`. */
  action: string;
  organism?: string | null;
  fileCode?: string | null;
  /** The caller's IP address as the gateway saw it. */
  sourceAddress?: string | null;
  outcome: AuditOutcome;
  correlationId: string;
  details?: AuditDetails;
}

/** An entry as the log holds it. */
export interface AuditRecord {
  seq: number;
  at: Date;
  service: string;
  actor: AuditActor;
  action: string;
  organism: string | null;
  fileCode: string | null;
  sourceAddress: string | null;
  outcome: AuditOutcome;
  correlationId: string;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

/**
 * An entry as exported and hashed: the table's column names, `at` as an ISO-8601 UTC string with
 * milliseconds. The hash covers every field of this line but `prev_hash` and `hash` (and
 * `prev_hash` through the chaining), so a field added to a line breaks it too.
 */
export interface AuditLine {
  seq: number;
  at: string;
  service: string;
  actor: AuditActor;
  action: string;
  organism: string | null;
  file_code: string | null;
  source_address: string | null;
  outcome: AuditOutcome;
  correlation_id: string;
  details: AuditDetails;
  prev_hash: string;
  hash: string;
}

/** The chain head: the last entry's seq and hash (seq 0 and {@link GENESIS_HASH} for an empty log). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** The longest string an entry may carry: anything longer is likely a document's contents. */
export const MAX_AUDIT_STRING = 2_000;
/** The largest `details` (as canonical JSON): an entry is a record of an action, not a payload. */
export const MAX_AUDIT_DETAILS = 8_000;

/** Keys that name credentials; matched anywhere in a key, in any case (`accessToken`, `X-Api-Key`). */
const SECRET_KEY = /password|passwd|token|secret|authori[sz]ation|cookie|credential|api[-_]?key|private[-_]?key/i;
/** Values that are credentials whatever their key: an authorization header's value or a signed token. */
const SECRET_VALUE = /^(bearer|basic)\s+[\w.~+/-]{16,}=*$|^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*$/i;
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** An entry the log refuses to record (a secret, a document's contents, a malformed field): nothing is written. */
export class AuditEntryError extends Error {
  constructor(message: string) {
    super(`audit entry refused: ${message}`);
    this.name = 'AuditEntryError';
  }
}

/**
 * JSON with every object's keys sorted (by UTF-16 code units, as RFC 8785 does) at every depth,
 * no whitespace, dates as ISO-8601 UTC strings with milliseconds and properties whose value is
 * `undefined` left out (as JSON.stringify does). The same value gives the same text however its
 * keys were ordered, and so does the value read back from a jsonb column (which reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no representation for ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
  }
}

/**
 * sha256_hex(prev_hash + "\n" + canonicalJson(the line without its prev_hash and hash)). Every
 * other field is covered, including any a later version adds.
 */
export function auditHash(prevHash: string, line: object): string {
  const hashed = Object.fromEntries(Object.entries(line).filter(([key]) => key !== 'prev_hash' && key !== 'hash'));
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(hashed)}`)
    .digest('hex');
}

/** The record as an export line (column names, `at` as ISO-8601 UTC). */
export function toAuditLine(record: AuditRecord): AuditLine {
  return {
    seq: record.seq,
    at: record.at.toISOString(),
    service: record.service,
    actor: record.actor,
    action: record.action,
    organism: record.organism,
    file_code: record.fileCode,
    source_address: record.sourceAddress,
    outcome: record.outcome,
    correlation_id: record.correlationId,
    details: record.details,
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

function checkText(field: string, value: unknown, { optional = false } = {}): void {
  if (optional && (value === null || value === undefined)) return;
  if (typeof value !== 'string' || value.trim() === '') throw new AuditEntryError(`${field} must be a non-empty string.`);
  if (value.length > MAX_AUDIT_STRING) throw new AuditEntryError(`${field} is longer than ${MAX_AUDIT_STRING} characters.`);
}

/** Walks `details`, refusing secrets, long strings and what JSON (and so jsonb) cannot hold. */
function checkDetails(value: unknown, path: string): void {
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AuditEntryError(`${path} is not a finite number.`);
    return;
  }
  if (typeof value === 'string') {
    if (value.length > MAX_AUDIT_STRING)
      throw new AuditEntryError(`${path} is a string of ${value.length} characters (at most ${MAX_AUDIT_STRING}); document contents are never logged.`);
    if (value.includes('\u0000')) throw new AuditEntryError(`${path} contains a NUL character.`);
    if (SECRET_VALUE.test(value)) throw new AuditEntryError(`${path} looks like a credential (a bearer or signed token); credentials are never logged.`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkDetails(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const at = `${path}.${key}`;
      if (SECRET_KEY.test(key))
        throw new AuditEntryError(`${at} looks like a secret (its key names a password, token, secret, authorization or cookie); secrets are never logged.`);
      if (key.length > MAX_AUDIT_STRING) throw new AuditEntryError(`a key under ${path} is longer than ${MAX_AUDIT_STRING} characters.`);
      checkDetails(item, at);
    }
    return;
  }
  throw new AuditEntryError(`${path} is not JSON (a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}).`);
}

/** Only the attribution fields of the actor: a verified principal carries its bearer token. */
function attribution(actor: AuditActor): AuditActor {
  if (typeof actor !== 'object' || actor === null)
    throw new AuditEntryError('actor must be a user ({ username, displayName }) or a system actor ({ system }).');
  if ('system' in actor) {
    checkText('actor.system', actor.system);
    return { system: actor.system };
  }
  checkText('actor.username', actor.username);
  checkText('actor.displayName', actor.displayName);
  return actorOf(actor);
}

/** An entry validated and normalised, not yet placed in the chain. */
export type PreparedAuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/**
 * Validates `input` (throwing {@link AuditEntryError}: nothing is written) and normalises it:
 * only the actor's attribution fields, absent optional fields as null, `details` as the JSON
 * that jsonb will keep (so what is hashed is what is read back).
 */
export function prepareAuditEntry(input: AuditEntryInput, at: Date): PreparedAuditEntry {
  checkText('service', input.service);
  if (typeof input.action !== 'string' || !ACTION.test(input.action) || input.action.length > 100)
    throw new AuditEntryError(`action "${String(input.action).slice(0, 100)}" is not of the form <object>.<verb> (e.g. file.create).`);
  if (!AUDIT_OUTCOMES.includes(input.outcome))
    throw new AuditEntryError(`outcome must be one of ${AUDIT_OUTCOMES.join(', ')}, not "${String(input.outcome)}".`);
  checkText('correlationId', input.correlationId);
  checkText('organism', input.organism, { optional: true });
  checkText('fileCode', input.fileCode, { optional: true });
  checkText('sourceAddress', input.sourceAddress, { optional: true });
  const details = input.details ?? {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw new AuditEntryError('details must be an object.');
  checkDetails(details, 'details');
  const detailsJson = canonicalJson(details);
  if (detailsJson.length > MAX_AUDIT_DETAILS) throw new AuditEntryError(`details are larger than ${MAX_AUDIT_DETAILS} characters of JSON.`);
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new AuditEntryError('the time of the entry is not a valid date.');
  return {
    at,
    service: input.service,
    actor: attribution(input.actor),
    action: input.action,
    organism: input.organism ?? null,
    fileCode: input.fileCode ?? null,
    sourceAddress: input.sourceAddress ?? null,
    outcome: input.outcome,
    correlationId: input.correlationId,
    details: JSON.parse(detailsJson) as AuditDetails,
  };
}

/** Places a prepared entry after `head`: the next seq, the head's hash as `prev_hash`, its own hash. */
export function chainAuditEntry(head: AuditHead, entry: PreparedAuditEntry): AuditRecord {
  const record = { seq: head.seq + 1, ...entry, prevHash: head.hash, hash: '' };
  return { ...record, hash: auditHash(record.prevHash, toAuditLine(record)) };
}

/** Validates `input` and places it after `head` (pure: the tests build exports with it). */
export function sealAuditEntry(head: AuditHead, input: AuditEntryInput, at: Date): AuditRecord {
  return chainAuditEntry(head, prepareAuditEntry(input, at));
}
