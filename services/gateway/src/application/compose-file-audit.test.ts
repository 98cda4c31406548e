import { describe, expect, it } from 'vitest';
import type { AuditEntryResource } from '@tramita/contracts';
import { composeFileAudit, type AuditedService, type FileAuditSources } from './compose-file-audit.ts';
import type { Fetched } from './file-detail-sources.ts';

const entry = (service: string, seq: number, at: string, action: string): AuditEntryResource => ({
  seq,
  at,
  service,
  actor: { username: 'ana', displayName: 'Pérez, Ana' },
  action,
  organism: 'E00000000',
  fileCode: 'EXP-1',
  sourceAddress: '192.0.2.7',
  outcome: 'success',
  correlationId: `req-${service}-${seq}`,
  details: {},
  hash: 'a'.repeat(64),
});

const sourcesOf = (answers: Record<AuditedService, Fetched<{ service: string; items: AuditEntryResource[] }>>): FileAuditSources & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    entries: async (service, fileCode, token) => {
      asked.push(`${service} ${fileCode} ${token}`);
      return answers[service];
    },
  };
};
const refused = { ok: false as const, status: 403, code: 'role-required', detail: 'This operation needs the role admin.' };

describe("an expediente's audit trail, composed", () => {
  it("merges every service's entries by time, asking each with the caller's token", async () => {
    const sources = sourcesOf({
      files: {
        ok: true,
        value: {
          service: 'files',
          items: [entry('files', 7, '2026-12-04T10:00:00.000Z', 'file.create'), entry('files', 9, '2026-12-04T10:05:00.000Z', 'file.edit')],
        },
      },
      bpm: { ok: true, value: { service: 'bpm', items: [entry('bpm', 3, '2026-12-04T10:02:00.000Z', 'process.transition')] } },
      docs: { ok: true, value: { service: 'docs', items: [entry('docs', 4, '2026-12-04T10:00:00.000Z', 'document.download')] } },
    });
    const outcome = await composeFileAudit(sources, 'EXP-1', 'tok', 1_000);
    expect(outcome.ok && outcome.trail.items.map((e) => `${e.service}:${e.action}`)).toEqual([
      'docs:document.download',
      'files:file.create',
      'bpm:process.transition',
      'files:file.edit',
    ]);
    expect(outcome.ok && outcome.trail.sources.every((source) => source.available)).toBe(true);
    expect(sources.asked.sort()).toEqual(['bpm EXP-1 tok', 'docs EXP-1 tok', 'files EXP-1 tok']);
  });

  it('names a service that did not answer instead of leaving its entries out silently', async () => {
    const outcome = await composeFileAudit(
      sourcesOf({
        files: { ok: true, value: { service: 'files', items: [entry('files', 1, '2026-12-04T10:00:00.000Z', 'file.create')] } },
        bpm: { ok: false, status: null, code: 'upstream-unavailable', detail: 'connect ECONNREFUSED' },
        docs: { ok: true, value: { service: 'docs', items: [] } },
      }),
      'EXP-1',
      'tok',
      1_000,
    );
    expect(outcome.ok && outcome.trail.sources).toContainEqual({ service: 'bpm', available: false, reason: 'upstream-unavailable: connect ECONNREFUSED' });
    expect(outcome.ok && outcome.trail.items).toHaveLength(1);
  });

  it('refuses, as every service does, someone who administers no organism', async () => {
    const outcome = await composeFileAudit(sourcesOf({ files: refused, bpm: refused, docs: refused }), 'EXP-1', 'tok', 1_000);
    expect(outcome).toEqual({ ok: false, status: 403, code: 'role-required', detail: 'This operation needs the role admin.' });
  });
});
