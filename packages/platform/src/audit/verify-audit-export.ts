import { AUDIT_OUTCOMES, auditHash, GENESIS_HASH, HASH_PATTERN } from './audit-entry.ts';

/** The verifier's answer: the entries, the head and where the export starts; or the first problem, with its line and entry. */
export type AuditVerification =
  | {
      ok: true;
      /** Entries verified, redacted ones included. */
      entries: number;
      /** Of those, redacted entries (another organism's): their place in the chain is verified, their contents could not be read. */
      redacted: number;
      head: string;
      firstSeq: number | null;
      checkpoints: number;
    }
  | { ok: false; line: number; seq: number | null; problem: string };

type Parsed =
  | { kind: 'entry'; line: number; value: Record<string, unknown>; seq: number; redacted: boolean }
  | { kind: 'checkpoint'; line: number; seq: number; hash: string }
  | { kind: 'invalid'; line: number; seq: number | null; problem: string };

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** What is wrong with an entry's fields, or null. Fields a later version adds are allowed: the hash covers them. */
function entryShapeProblem(value: Record<string, unknown>): string | null {
  if (typeof value.at !== 'string' || !ISO_UTC.test(value.at) || Number.isNaN(Date.parse(value.at)))
    return '"at" is not an ISO-8601 UTC time with milliseconds';
  for (const field of ['service', 'action', 'correlation_id'] as const) if (!isText(value[field])) return `"${field}" is not a non-empty string`;
  for (const field of ['organism', 'file_code', 'source_address'] as const)
    if (value[field] !== null && !isText(value[field])) return `"${field}" is neither a string nor null`;
  const actor = value.actor;
  if (!isObject(actor) || !(isText(actor.system) || (isText(actor.username) && typeof actor.displayName === 'string')))
    return '"actor" is neither a user ({username, displayName}) nor a system actor ({system})';
  if (!AUDIT_OUTCOMES.includes(value.outcome as never)) return `"outcome" is not one of ${AUDIT_OUTCOMES.join(', ')}`;
  if (!isObject(value.details)) return '"details" is not an object';
  for (const field of ['prev_hash', 'hash'] as const) {
    const hash = value[field];
    if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) return `"${field}" is not a SHA-256 hash (64 lowercase hexadecimal digits)`;
  }
  return null;
}

function parseLine(text: string, line: number): Parsed {
  if (text.trim() === '') return { kind: 'invalid', line, seq: null, problem: `line ${line} is empty` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', line, seq: null, problem: `line ${line} is not JSON` };
  }
  if (isObject(value) && 'checkpoint' in value) {
    const checkpoint = value.checkpoint;
    if (!isObject(checkpoint) || !isSeq(checkpoint.seq) || typeof checkpoint.hash !== 'string' || !HASH_PATTERN.test(checkpoint.hash))
      return { kind: 'invalid', line, seq: null, problem: `line ${line} is a malformed checkpoint (it needs a seq and a 64-digit hash)` };
    return { kind: 'checkpoint', line, seq: checkpoint.seq, hash: checkpoint.hash };
  }
  if (!isObject(value) || !('seq' in value)) return { kind: 'invalid', line, seq: null, problem: `line ${line} is neither an audit entry nor a checkpoint` };
  if (!isSeq(value.seq)) return { kind: 'invalid', line, seq: null, problem: `line ${line}: "seq" is not a whole number from 1` };
  if (value.redacted === true) {
    const keys = Object.keys(value).sort().join(',');
    if (keys !== 'hash,prev_hash,redacted,seq')
      return {
        kind: 'invalid',
        line,
        seq: value.seq,
        problem: `entry ${value.seq} (line ${line}) is redacted but carries more than its seq, prev_hash and hash`,
      };
    for (const field of ['prev_hash', 'hash'] as const) {
      const hash = value[field];
      if (typeof hash !== 'string' || !HASH_PATTERN.test(hash))
        return { kind: 'invalid', line, seq: value.seq, problem: `entry ${value.seq} (line ${line}) is malformed: "${field}" is not a SHA-256 hash` };
    }
    return { kind: 'entry', line, value, seq: value.seq, redacted: true };
  }
  const problem = entryShapeProblem(value);
  if (problem) return { kind: 'invalid', line, seq: value.seq, problem: `entry ${value.seq} (line ${line}) is malformed: ${problem}` };
  return { kind: 'entry', line, value, seq: value.seq, redacted: false };
}

/**
 * Verifies an audit export (exportAudit's JSON Lines) with nothing but the text: recomputes every
 * readable entry's hash (a redacted one, another organism's, keeps only its place in the chain), checks that each names the previous entry's hash as its `prev_hash`, that `seq`
 * grows by exactly one, and that every checkpoint the export carries matches the entry it names.
 * Names the FIRST broken or missing entry, with the line it is (or should be) on.
 *
 * An export that starts at entry 1 is anchored at 64 zeros; one that starts later (a range) is
 * verified from its first entry's `prev_hash` on, and says where it starts (`firstSeq`).
 */
export function verifyAuditExport(text: string): AuditVerification {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop(); // the newline that ends the last line
  const parsed = lines.map((line, index) => parseLine(line, index + 1));

  // A checkpoint names the entry it saw as head: the entry, when it comes, must carry its hash.
  const checkpoints = new Map<number, { line: number; hash: string }>();
  for (const item of parsed) {
    if (item.kind !== 'checkpoint') continue;
    const other = checkpoints.get(item.seq);
    if (other && other.hash !== item.hash)
      return {
        ok: false,
        line: item.line,
        seq: item.seq,
        problem: `the checkpoints on lines ${other.line} and ${item.line} give entry ${item.seq} different hashes`,
      };
    checkpoints.set(item.seq, { line: item.line, hash: item.hash });
  }

  let previous: { seq: number; hash: string; line: number } | null = null;
  let first: { seq: number; line: number } | null = null;
  let entries = 0;
  let redacted = 0;
  for (const item of parsed) {
    if (item.kind === 'invalid') return { ok: false, line: item.line, seq: item.seq, problem: item.problem };
    if (item.kind === 'checkpoint') continue;
    const { line, seq, value } = item;
    const prevHash = value.prev_hash as string;
    const hash = value.hash as string;
    if (previous === null) {
      if (seq === 1 && prevHash !== GENESIS_HASH)
        return { ok: false, line, seq, problem: `entry 1 (line ${line}) does not start the chain: its prev_hash is not 64 zeros` };
      first = { seq, line };
    } else {
      const expected = previous.seq + 1;
      if (seq > expected) return { ok: false, line, seq: expected, problem: `entry ${expected} is missing (line ${line} holds entry ${seq})` };
      if (seq < expected)
        return {
          ok: false,
          line,
          seq: expected,
          problem: `entry ${seq} is repeated or out of order (line ${line} holds entry ${seq} where entry ${expected} belongs)`,
        };
      if (prevHash !== previous.hash)
        return {
          ok: false,
          line,
          seq,
          problem: `entry ${seq} (line ${line}) does not follow entry ${previous.seq} (line ${previous.line}): its prev_hash is not that entry's hash, so one of them has been altered`,
        };
    }
    // A redacted entry's contents are not in the export: its hash is taken as given, and the next
    // entry, which names it, is what binds it to the chain.
    if (item.redacted) redacted += 1;
    else if (auditHash(prevHash, value) !== hash)
      return { ok: false, line, seq, problem: `entry ${seq} (line ${line}) has been altered: its contents do not match its hash` };
    const checkpoint = checkpoints.get(seq);
    if (checkpoint && checkpoint.hash !== hash)
      return {
        ok: false,
        line,
        seq,
        problem: `entry ${seq} (line ${line}) does not match the checkpoint on line ${checkpoint.line} (checkpoint hash ${short(checkpoint.hash)}, entry hash ${short(hash)})`,
      };
    previous = { seq, hash, line };
    entries += 1;
  }

  // Checkpoints naming entries the export does not hold: its tail (or head) was cut off.
  const named = [...checkpoints].sort(([a], [b]) => a - b);
  for (const [seq, checkpoint] of named) {
    if (previous === null || first === null)
      return {
        ok: false,
        line: checkpoint.line,
        seq,
        problem: `entry ${seq} is missing: the export holds no entries, but the checkpoint on line ${checkpoint.line} names it`,
      };
    if (seq < first.seq)
      return {
        ok: false,
        line: first.line,
        seq,
        problem: `entry ${seq} is missing: the checkpoint on line ${checkpoint.line} names it, but the export starts at entry ${first.seq} (line ${first.line})`,
      };
    if (seq > previous.seq) {
      const missing = previous.seq + 1;
      return {
        ok: false,
        line: previous.line + 1,
        seq: missing,
        problem: `entry ${missing} is missing: the export ends at entry ${previous.seq} (line ${previous.line}), but the checkpoint on line ${checkpoint.line} names entry ${seq}`,
      };
    }
  }
  return { ok: true, entries, redacted, head: previous?.hash ?? GENESIS_HASH, firstSeq: first?.seq ?? null, checkpoints: checkpoints.size };
}
