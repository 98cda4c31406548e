import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEntry, toAuditLine, type AuditHead, type AuditLine } from '@tramita/platform';
import { runAudit } from './audit-verify.ts';

function chain(n: number): AuditLine[] {
  const lines: AuditLine[] = [];
  let head: AuditHead = { seq: 0, hash: GENESIS_HASH };
  for (let i = 1; i <= n; i++) {
    const record = sealAuditEntry(
      head,
      {
        service: 'docs',
        actor: { username: 'ana', displayName: 'García, Ana' },
        action: 'document.download',
        fileCode: 'EXP-2026-000001',
        outcome: 'success',
        correlationId: `req-${i}`,
        details: { documentId: `doc-${i}` },
      },
      new Date(Date.UTC(2026, 11, 4, 10, 0, i)),
    );
    lines.push(toAuditLine(record));
    head = record;
  }
  return lines;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { log: (t: string) => out.push(t), error: (t: string) => err.push(t) } };
}

describe('tramita audit verify', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tramita-audit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('exits 0 and prints the number of entries and the head for an intact export', async () => {
    const lines = chain(5);
    const path = await file(
      'valid.jsonl',
      `${lines.map((l) => JSON.stringify(l)).join('\n')}\n${JSON.stringify({ checkpoint: { seq: 5, hash: lines[4]!.hash, at: lines[4]!.at } })}\n`,
    );
    const { out, err, output } = capture();
    expect(await runAudit(['verify', path], output)).toBe(0);
    expect(out).toEqual([`audit log verified: 5 entries, head ${lines[4]!.hash}; 1 checkpoint(s) match`]);
    expect(err).toEqual([]);
  });

  it('says where an export of a range starts', async () => {
    const lines = chain(6).slice(2);
    const { out, output } = capture();
    expect(await runAudit(['verify', await file('range.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'))], output)).toBe(0);
    expect(out[0]).toMatch(/^audit log verified: 4 entries, head [0-9a-f]{64} \(entries 3 to 6 of a longer chain\)$/);
  });

  it('exits 1 naming the line and the entry of a tampered export', async () => {
    const lines = chain(5);
    lines[2] = { ...lines[2]!, details: { documentId: 'doc-other' } };
    const { out, err, output } = capture();
    expect(await runAudit(['verify', await file('tampered.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'))], output)).toBe(1);
    expect(err).toEqual(['audit log NOT verified: line 3, entry 3: entry 3 (line 3) has been altered: its contents do not match its hash']);
    expect(out).toEqual([]);
  });

  it('exits 2 with a readable message for a missing file, a directory or a file that is not UTF-8', async () => {
    for (const [path, reason] of [
      [join(dir, 'absent.jsonl'), 'no such file'],
      [dir, 'it is a directory'],
      [await file('binary.jsonl', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'it is not UTF-8 text'],
    ] as const) {
      const { err, output } = capture();
      expect(await runAudit(['verify', path], output)).toBe(2);
      expect(err).toEqual([`tramita audit verify: cannot read "${path}": ${reason}.`]);
    }
  });

  it('exits 2 with the usage on bad arguments, and 0 on --help', async () => {
    for (const [argv, message] of [
      [[], /no command given/],
      [['check', 'x'], /unknown command "check"/],
      [['verify'], /no file given/],
      [['verify', 'a', 'b'], /one file at a time/],
      [['verify', '--bogus', 'a'], /Unknown option '--bogus'/],
    ] as const) {
      const { err, output } = capture();
      expect(await runAudit([...argv], output)).toBe(2);
      expect(err.join('\n')).toMatch(message);
      expect(err.join('\n')).toContain('Usage: tramita audit verify <file>');
    }
    const help = capture();
    expect(await runAudit(['--help'], help.output)).toBe(0);
    expect(help.out.join('\n')).toMatch(/^Usage: tramita audit verify <file>/);
  });
});
