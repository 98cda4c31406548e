import { describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, sealAuditEntry, toAuditLine, type AuditHead, type AuditLine } from './audit-entry.ts';
import { redactedLine } from './audit-log.ts';
import { verifyAuditExport } from './verify-audit-export.ts';

const T0 = Date.parse('2026-12-04T10:00:00Z');

/** A chain of `n` entries as export lines, built with the same rule as the log's append. */
function chain(n: number): AuditLine[] {
  const lines: AuditLine[] = [];
  let head: AuditHead = { seq: 0, hash: GENESIS_HASH };
  for (let i = 1; i <= n; i++) {
    const record = sealAuditEntry(
      head,
      {
        service: 'files',
        actor: i % 3 === 0 ? { system: 'files.saga-sweeper' } : { username: `user${i}`, displayName: `Apellido ${i}, Nombre` },
        action: i % 2 ? 'document.download' : 'file.create',
        fileCode: `EXP-2026-00000${i % 4}`,
        outcome: i % 5 ? 'success' : 'refused',
        correlationId: `req-${i}`,
        details: { documentId: `doc-${i}`, size: i * 1024 },
      },
      new Date(T0 + i * 1000),
    );
    lines.push(toAuditLine(record));
    head = record;
  }
  return lines;
}

const checkpoint = (line: AuditLine) => ({ checkpoint: { seq: line.seq, hash: line.hash, at: line.at } });
const text = (items: unknown[]) => `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;
const rehash = (line: AuditLine): AuditLine => ({ ...line, hash: auditHash(line.prev_hash, line) });

describe('verifying an audit export offline', () => {
  it('accepts an intact export and gives its entries, head and checkpoints', () => {
    const lines = chain(10);
    expect(verifyAuditExport(text([...lines, checkpoint(lines[4]!), checkpoint(lines[9]!)]))).toEqual({
      ok: true,
      entries: 10,
      redacted: 0,
      head: lines[9]!.hash,
      firstSeq: 1,
      checkpoints: 2,
    });
  });

  it('accepts an empty export and one with Windows line endings', () => {
    expect(verifyAuditExport('')).toEqual({ ok: true, entries: 0, redacted: 0, head: GENESIS_HASH, firstSeq: null, checkpoints: 0 });
    const lines = chain(3);
    expect(verifyAuditExport(text(lines).replaceAll('\n', '\r\n'))).toMatchObject({ ok: true, entries: 3 });
  });

  it('verifies a range that starts after entry 1 from its first prev_hash on, and says where it starts', () => {
    const lines = chain(10).slice(3);
    expect(verifyAuditExport(text([...lines, checkpoint(lines[2]!)]))).toMatchObject({ ok: true, entries: 7, firstSeq: 4 });
  });

  it("verifies an export with another organism's entries redacted to their place in the chain, and counts them", () => {
    const lines: object[] = chain(6);
    lines[1] = redactedLine(lines[1] as AuditLine);
    lines[2] = redactedLine(lines[2] as AuditLine);
    expect(verifyAuditExport(text(lines))).toMatchObject({ ok: true, entries: 6, redacted: 2 });
  });

  it('names a redacted entry whose hash was changed, through the entry after it, and one that carries more than its place', () => {
    const lines: object[] = chain(5);
    lines[2] = { ...redactedLine(lines[2] as AuditLine), hash: 'f'.repeat(64) };
    expect(verifyAuditExport(text(lines))).toMatchObject({ ok: false, line: 4, seq: 4 });
    const leaky: object[] = chain(3);
    leaky[1] = { ...redactedLine(leaky[1] as AuditLine), action: 'file.read' };
    expect(verifyAuditExport(text(leaky))).toMatchObject({ ok: false, line: 2, problem: expect.stringContaining('redacted but carries more') });
  });

  it('names an entry whose field was altered', () => {
    const lines = chain(10);
    lines[4] = { ...lines[4]!, actor: { username: 'intruso', displayName: 'Intruso' } };
    expect(verifyAuditExport(text(lines))).toEqual({
      ok: false,
      line: 5,
      seq: 5,
      problem: 'entry 5 (line 5) has been altered: its contents do not match its hash',
    });
  });

  it('names the broken link when an altered entry was given a new hash', () => {
    const lines = chain(10);
    lines[4] = rehash({ ...lines[4]!, outcome: 'success', details: { documentId: 'doc-other', size: 1 } });
    expect(verifyAuditExport(text(lines))).toMatchObject({
      ok: false,
      line: 6,
      seq: 6,
      problem: expect.stringMatching(/^entry 6 \(line 6\) does not follow entry 5/),
    });
  });

  it('names an entry given a field it did not have', () => {
    const lines = chain(4);
    const forged = { ...lines[1]!, note: 'added later' };
    expect(verifyAuditExport(text([lines[0], forged, lines[2], lines[3]]))).toMatchObject({
      ok: false,
      line: 2,
      seq: 2,
      problem: expect.stringMatching(/altered/),
    });
  });

  it('names a deleted entry', () => {
    const lines = chain(10);
    lines.splice(6, 1);
    expect(verifyAuditExport(text(lines))).toEqual({ ok: false, line: 7, seq: 7, problem: 'entry 7 is missing (line 7 holds entry 8)' });
  });

  it('names the first of two swapped entries', () => {
    const lines = chain(10);
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    expect(verifyAuditExport(text(lines))).toEqual({ ok: false, line: 3, seq: 3, problem: 'entry 3 is missing (line 3 holds entry 4)' });
  });

  it('names a repeated entry', () => {
    const lines = chain(5);
    expect(verifyAuditExport(text([...lines.slice(0, 3), lines[2], ...lines.slice(3)]))).toMatchObject({
      ok: false,
      line: 4,
      seq: 4,
      problem: 'entry 3 is repeated or out of order (line 4 holds entry 3 where entry 4 belongs)',
    });
  });

  it('names the first missing entry when the tail was cut before a checkpoint', () => {
    const lines = chain(10);
    const truncated = [...lines.slice(0, 7), checkpoint(lines[4]!), checkpoint(lines[9]!)];
    expect(verifyAuditExport(text(truncated))).toEqual({
      ok: false,
      line: 8,
      seq: 8,
      problem: 'entry 8 is missing: the export ends at entry 7 (line 7), but the checkpoint on line 9 names entry 10',
    });
  });

  it('names the entry a checkpoint disagrees with (the chain was rewritten after the checkpoint was taken)', () => {
    const lines = chain(6);
    const taken = checkpoint(lines[5]!);
    // Rewrite entry 6 and its hash: the chain alone no longer shows it, the checkpoint does.
    lines[5] = rehash({ ...lines[5]!, outcome: 'failed' });
    expect(verifyAuditExport(text([...lines, taken]))).toMatchObject({
      ok: false,
      line: 6,
      seq: 6,
      problem: expect.stringMatching(/^entry 6 \(line 6\) does not match the checkpoint on line 7/),
    });
  });

  it('names a head cut off before a checkpoint the export carries', () => {
    const lines = chain(6);
    expect(verifyAuditExport(text([...lines.slice(3), checkpoint(lines[1]!)]))).toMatchObject({
      ok: false,
      line: 1,
      seq: 2,
      problem: expect.stringMatching(/^entry 2 is missing/),
    });
  });

  it('refuses a chain whose entry 1 does not start from 64 zeros', () => {
    const [first] = chain(1);
    expect(verifyAuditExport(text([rehash({ ...first!, prev_hash: 'a'.repeat(64) })]))).toMatchObject({
      ok: false,
      line: 1,
      seq: 1,
      problem: expect.stringMatching(/does not start the chain/),
    });
  });

  it('names a line that is not JSON, an empty line, and a malformed entry or checkpoint', () => {
    const lines = chain(3).map((line) => JSON.stringify(line));
    expect(verifyAuditExport([lines[0], '{"seq": 2, "at"', lines[2]].join('\n'))).toEqual({ ok: false, line: 2, seq: null, problem: 'line 2 is not JSON' });
    expect(verifyAuditExport([lines[0], '', lines[1]].join('\n'))).toMatchObject({ ok: false, line: 2, problem: 'line 2 is empty' });
    const noHash = JSON.stringify({ ...chain(1)[0], hash: 'abc' });
    expect(verifyAuditExport(noHash)).toMatchObject({ ok: false, line: 1, seq: 1, problem: expect.stringMatching(/"hash" is not a SHA-256 hash/) });
    expect(verifyAuditExport([...lines, '{"checkpoint": {"seq": 3}}'].join('\n'))).toMatchObject({
      ok: false,
      line: 4,
      problem: expect.stringMatching(/malformed checkpoint/),
    });
    expect(verifyAuditExport('[1, 2]')).toMatchObject({ ok: false, line: 1, problem: 'line 1 is neither an audit entry nor a checkpoint' });
  });
});
