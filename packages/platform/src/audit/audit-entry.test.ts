import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditEntryError, auditHash, canonicalJson, GENESIS_HASH, sealAuditEntry, toAuditLine, type AuditEntryInput } from './audit-entry.ts';

const AT = new Date('2026-12-04T10:00:00.123Z');
const entry = (over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  service: 'files',
  actor: { username: 'ana', displayName: 'García, Ana' },
  action: 'file.create',
  fileCode: 'EXP-2026-000001',
  organism: 'L01280796',
  sourceAddress: '10.0.0.7',
  outcome: 'success',
  correlationId: 'req-1',
  details: { procedure: 'licencia-obra', phases: ['inicio'] },
  ...over,
});
const genesis = { seq: 0, hash: GENESIS_HASH };

describe('canonical JSON', () => {
  it('sorts keys at every depth, so key order never changes the text', () => {
    const a = { b: 1, a: { z: [1, { y: true, x: null }], c: 'ñ' } };
    const b = { a: { c: 'ñ', z: [1, { x: null, y: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"ñ","z":[1,{"x":null,"y":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('writes dates as ISO-8601 UTC with milliseconds and leaves out undefined properties', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05Z'), gone: undefined })).toBe('{"at":"2026-01-02T03:04:05.000Z"}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/no representation/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/no representation/);
  });
});

describe('the entry hash', () => {
  it('is sha256 of the previous hash, a newline and the canonical entry without its hashes', () => {
    const record = sealAuditEntry(genesis, entry(), AT);
    const { prev_hash: _p, hash: _h, ...hashed } = toAuditLine(record);
    expect(record.hash).toBe(
      createHash('sha256')
        .update(`${GENESIS_HASH}\n${canonicalJson(hashed)}`)
        .digest('hex'),
    );
    expect(record).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
  });

  it('does not depend on the order of keys in the entry or its details', () => {
    const one = sealAuditEntry(genesis, entry({ details: { a: 1, b: { c: 2, d: 3 } } }), AT);
    const other = sealAuditEntry(genesis, entry({ details: { b: { d: 3, c: 2 }, a: 1 } }), AT);
    expect(other.hash).toBe(one.hash);
    const line = toAuditLine(one);
    const reordered = Object.fromEntries(Object.entries(line).reverse());
    expect(auditHash(line.prev_hash, reordered)).toBe(one.hash);
  });

  it('changes when any field, the time or the previous hash changes', () => {
    const base = sealAuditEntry(genesis, entry(), AT).hash;
    const variants = [
      sealAuditEntry(genesis, entry({ action: 'file.delete' }), AT),
      sealAuditEntry(genesis, entry({ outcome: 'refused' }), AT),
      sealAuditEntry(genesis, entry({ actor: { username: 'luis', displayName: 'García, Ana' } }), AT),
      sealAuditEntry(genesis, entry({ details: { procedure: 'licencia-obra', phases: ['fin'] } }), AT),
      sealAuditEntry(genesis, entry({ fileCode: null }), AT),
      sealAuditEntry(genesis, entry(), new Date(AT.getTime() + 1)),
      sealAuditEntry({ seq: 0, hash: 'f'.repeat(64) }, entry(), AT),
      sealAuditEntry({ seq: 1, hash: GENESIS_HASH }, entry(), AT),
    ].map((r) => r.hash);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('sealing an entry', () => {
  it('keeps only the attribution fields of a principal, never its token', () => {
    const principal = { username: 'ana', displayName: 'García, Ana', token: 'eyJhbGciOi.eyJzdWIi.sig', roles: ['admin'] };
    const record = sealAuditEntry(genesis, entry({ actor: principal }), AT);
    expect(record.actor).toEqual({ username: 'ana', displayName: 'García, Ana' });
    expect(sealAuditEntry(genesis, entry({ actor: { system: 'files.saga-sweeper' } }), AT).actor).toEqual({ system: 'files.saga-sweeper' });
  });

  it('refuses details whose keys name a secret, in any case and at any depth', () => {
    for (const details of [
      { password: 'x' },
      { nested: { AccessToken: 'x' } },
      { list: [{ 'X-Client-Secret': 'x' }] },
      { Authorization: 'x' },
      { headers: { cookie: 'x' } },
    ]) {
      expect(() => sealAuditEntry(genesis, entry({ details }), AT)).toThrow(AuditEntryError);
    }
    expect(() => sealAuditEntry(genesis, entry({ details: { deep: { deeper: { userPassword: 'x' } } } }), AT)).toThrow(
      /details\.deep\.deeper\.userPassword looks like a secret/,
    );
  });

  it('refuses credentials as values and strings over 2 000 characters anywhere in the details', () => {
    expect(() => sealAuditEntry(genesis, entry({ details: { header: 'Bearer abcdefghijklmnop.qrstu' } }), AT)).toThrow(/looks like a credential/);
    expect(() => sealAuditEntry(genesis, entry({ details: { note: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2ln' } }), AT)).toThrow(/credential/);
    expect(() => sealAuditEntry(genesis, entry({ details: { pages: [{ text: 'a'.repeat(2_001) }] } }), AT)).toThrow(
      /details\.pages\[0\]\.text is a string of 2001 characters/,
    );
    expect(sealAuditEntry(genesis, entry({ details: { text: 'a'.repeat(2_000) } }), AT).details).toEqual({ text: 'a'.repeat(2_000) });
  });

  it('refuses malformed entries with a readable reason', () => {
    expect(() => sealAuditEntry(genesis, entry({ action: 'Create File' }), AT)).toThrow(/action "Create File" is not of the form <object>\.<verb>/);
    expect(() => sealAuditEntry(genesis, entry({ outcome: 'ok' as never }), AT)).toThrow(/outcome must be one of success, refused, failed/);
    expect(() => sealAuditEntry(genesis, entry({ correlationId: '' }), AT)).toThrow(/correlationId must be a non-empty string/);
    expect(() => sealAuditEntry(genesis, entry({ details: { when: new Date() } as never }), AT)).toThrow(/details\.when is not JSON/);
    expect(() => sealAuditEntry(genesis, entry(), new Date('nonsense'))).toThrow(/not a valid date/);
  });
});
