import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newCsv } from '@tramita/eni';
import { InMemoryAuditTrail } from '@tramita/platform';
import { InMemoryCsvRepository } from '../adapters/in-memory/csv-repository.in-memory.ts';
import { InMemoryDocumentRepository } from '../adapters/in-memory/document-repository.in-memory.ts';
import { Document } from '../domain/document.ts';
import { verifyCsv } from './verify-csv.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const audited = { actor: { system: 'anonymous' }, correlationId: 'req-1', sourceAddress: '192.0.2.7' };

async function setup() {
  const documents = new InMemoryDocumentRepository();
  const csvs = new InMemoryCsvRepository();
  const document = Document.upload({
    id: 'd1',
    name: 'a.pdf',
    mediaType: 'application/pdf',
    size: 10,
    sha256: 'a'.repeat(64),
    uploadedBy: ana,
    at: new Date('2026-03-02T08:00:00Z'),
  });
  await documents.insert(document);
  const random = () => new Uint8Array(15).map(() => Math.floor(Math.random() * 256));
  const [inForce, annulled] = [newCsv(random), newCsv(random)];
  const base = {
    documentId: 'd1',
    version: 1,
    sha256: 'a'.repeat(64),
    organ: 'E00000000',
    regulation: 'BOP-SE-2026-0000',
    issuedAt: new Date(),
    availableUntil: null,
  };
  await csvs.insert({ ...base, csv: inForce, annulment: null });
  csvs.rows.set(annulled, { ...base, csv: annulled, annulment: { at: new Date('2026-04-01T00:00:00Z'), reason: 'Retirado' } });
  // A fake clock: each lookup "takes" `cost` ms, and the use case asks to wait for the rest.
  let now = 0;
  let cost = 0;
  const waits: number[] = [];
  // The lookup itself "takes" `cost` ms of the fake clock.
  const timedCsvs = {
    find: async (csv: string) => {
      now += cost;
      return csvs.find(csv);
    },
  };
  const trail = new InMemoryAuditTrail('docs');
  const deps = {
    repositories: { documents, csvs: timedCsvs },
    audit: trail,
    minMs: 200,
    elapsed: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
  const lookUp = async (csv: string, lookupCost: number) => {
    const started = now;
    cost = lookupCost;
    const outcome = await verifyCsv(deps, { csv, audited, purpose: 'metadata' }).then(
      (found) => (found.record.annulment ? 'annulled' : 'found'),
      (error: { code?: string }) => error.code,
    );
    return { outcome, took: now - started };
  };
  return { inForce, annulled, lookUp, waits, trail };
}

describe('verifyCsv', () => {
  it('takes the same minimum time for a code in force, an annulled one and an unknown one', async () => {
    const { inForce, annulled, lookUp } = await setup();
    const unknown = newCsv(() => new Uint8Array(15).fill(7));
    const results = [await lookUp(inForce, 3), await lookUp(annulled, 11), await lookUp(unknown, 1)];
    expect(results.map((r) => r.outcome)).toEqual(['found', 'annulled', 'csv-not-found']);
    expect(results.map((r) => r.took)).toEqual([200, 200, 200]);
  });

  it('refuses a malformed code before any lookup', async () => {
    const { inForce, lookUp } = await setup();
    const wrongCheck = inForce.slice(0, 24) + (inForce[24] === '0' ? '1' : '0');
    expect((await lookUp(wrongCheck, 0)).outcome).toBe('invalid-csv');
  });

  it('records every lookup with the hash of the code, never the code itself', async () => {
    const { inForce, lookUp, trail } = await setup();
    await lookUp(inForce.toLowerCase(), 1);
    const entries = JSON.stringify(trail.entries);
    expect(entries).not.toContain(inForce);
    expect(entries).not.toContain(inForce.toLowerCase());
    expect(entries).toContain(createHash('sha256').update(inForce).digest('hex'));
    expect(entries).toContain('csv.verify');
  });
});
