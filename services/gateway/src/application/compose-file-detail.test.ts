import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryFileDetailSources, type PartBehaviours } from '../adapters/in-memory/file-detail-sources.in-memory.ts';
import type { DocumentListResource, FileRecordResource, ProcessResource, UserLookupResource } from '@tramita/contracts';
import { composeFileDetail, type ComposeOutcome } from './compose-file-detail.ts';

/** What files answers, in the shape the contract gives it. */
const fileRecord = {
  code: 'EXP-2025-0001',
  organism: 'L01280796',
  processId: 'p-1',
  initialOption: { code: 'LICENCIA', name: 'Licencia de obra' },
  description: 'Licencia de obra menor',
  status: 'active',
  finished: false,
  currentPhase: { code: 'ANALISIS', name: 'Análisis técnico' },
  documentIds: ['d-1'],
  createdAt: '2025-01-02T10:00:00.000Z',
  createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
  updatedAt: '2025-01-03T10:00:00.000Z',
  updatedBy: { username: 'tecnico', displayName: 'tecnico' },
  version: 3,
} satisfies FileRecordResource;
// A field a later version of files might add is not passed on (the contract's parse strips it in the HTTP source).
const record = fileRecord;
/** What bpm answers, in the shape the contract gives it. */
const process = {
  processId: 'p-1',
  fileCode: 'EXP-2025-0001',
  organism: 'L01280796',
  procedure: { code: 'OBRA_MENOR', version: 1, name: 'Obra menor' },
  phase: { code: 'ANALISIS', name: 'Análisis técnico' },
  finished: false,
  startedAt: '2025-01-02T10:00:00.000Z',
  updatedAt: '2025-01-02T11:00:00.000Z',
  version: 2,
  history: [
    {
      phase: { code: 'INICIO', name: 'Inicio' },
      enteredAt: '2025-01-02T10:00:00.000Z',
      enteredBy: { username: 'agat', displayName: 'agat' },
      finishedAt: '2025-01-02T11:00:00.000Z',
      finishedBy: { username: 'tecnico', displayName: 'tecnico' },
    },
    {
      phase: { code: 'ANALISIS', name: 'Análisis técnico' },
      enteredAt: '2025-01-02T11:00:00.000Z',
      enteredBy: { username: 'tecnico', displayName: 'tecnico' },
      finishedAt: null,
      finishedBy: null,
    },
  ],
} satisfies ProcessResource;
/** What docs answers, in the shape the contract gives it. */
const documents = {
  items: [
    {
      id: 'd-1',
      name: 'plano.pdf',
      mediaType: 'application/pdf',
      size: 1234,
      sha256: 'ab'.repeat(32),
      fileCode: 'EXP-2025-0001',
      organism: 'L01280796',
      createdAt: '2025-01-02T10:05:00.000Z',
      createdBy: { username: 'validador', displayName: 'Valido Sanz, Victor' },
      updatedAt: '2025-01-02T10:05:00.000Z',
      updatedBy: { username: 'validador', displayName: 'Valido Sanz, Victor' },
    },
  ],
} satisfies DocumentListResource;
/** What auth answers, in the shape the contract gives it. */
const users = {
  users: [
    { username: 'agat', givenName: 'Antonio', familyName: 'Gat Alba', displayName: 'Gat Alba, Antonio' },
    { username: 'tecnico', givenName: 'Teresa', familyName: 'Técnica Ruiz', displayName: 'Técnica Ruiz, Teresa' },
    { username: 'validador', givenName: 'Víctor', familyName: 'Valido Sanz', displayName: 'Valido Sanz, Víctor' },
  ],
} satisfies UserLookupResource;
const ok = <T>(value: T) => ({ answer: { ok: true as const, value } });
const healthy = (overrides: PartBehaviours = {}) =>
  new InMemoryFileDetailSources({ record: ok(record), process: ok(process), documents: ok(documents), users: ok(users), ...overrides });

function detailOf(outcome: ComposeOutcome) {
  if (!outcome.ok) throw new Error(`expected a detail, got ${outcome.code}`);
  return outcome.detail;
}

describe('composeFileDetail', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the record, process and documents calls before any of them answers', async () => {
    const sources = healthy({
      record: { ...ok(record), delayMs: 100 },
      process: { ...ok(process), delayMs: 200 },
      documents: { ...ok(documents), delayMs: 300 },
    });
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    detailOf(await pending);
    expect(sources.log.slice(0, 3)).toEqual(['start record', 'start process', 'start documents']);
    expect(sources.log.slice(3, 6)).toEqual(['end record', 'end process', 'end documents']);
  });

  it('takes as long as the slowest call, not the sum of them', async () => {
    const sources = healthy({
      record: { ...ok(record), delayMs: 250 },
      process: { ...ok(process), delayMs: 250 },
      documents: { ...ok(documents), delayMs: 250 },
    });
    let settled = false;
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 }).then((outcome) => {
      settled = true;
      return outcome;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(11); // 260 ms in all, where one after another would need 750
    expect(settled).toBe(true);
    expect(detailOf(await pending).warnings).toEqual([]);
  });

  it('shows record fields, process, documents and display names from the user lookup', async () => {
    const sources = healthy();
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    const detail = detailOf(await pending);
    expect(detail).toMatchObject({
      code: 'EXP-2025-0001',
      processId: 'p-1',
      initialOption: { code: 'LICENCIA', name: 'Licencia de obra' },
      status: 'active',
      finished: false,
      currentPhase: { code: 'ANALISIS', name: 'Análisis técnico' },
      version: 3,
      createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      updatedBy: { username: 'tecnico', displayName: 'Técnica Ruiz, Teresa' },
      warnings: [],
    });
    expect(sources.lookedUp).toEqual([['agat', 'tecnico', 'validador']]);
    expect(detail.process?.history[0]).toMatchObject({
      phase: { code: 'INICIO', name: 'Inicio' },
      enteredBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      finishedBy: { username: 'tecnico', displayName: 'Técnica Ruiz, Teresa' },
    });
    expect(detail.process?.history[1]).toMatchObject({ finishedBy: null });
    expect(detail.process).toMatchObject({
      procedure: { code: 'OBRA_MENOR', version: 1, name: 'Obra menor' },
      phase: { code: 'ANALISIS', name: 'Análisis técnico' },
      version: 2,
      startedAt: '2025-01-02T10:00:00.000Z',
    });
    expect(detail.documents).toEqual([
      {
        id: 'd-1',
        name: 'plano.pdf',
        mediaType: 'application/pdf',
        size: 1234,
        sha256: 'ab'.repeat(32),
        createdAt: '2025-01-02T10:05:00.000Z',
        createdBy: { username: 'validador', displayName: 'Valido Sanz, Víctor' },
        updatedAt: '2025-01-02T10:05:00.000Z',
        updatedBy: { username: 'validador', displayName: 'Valido Sanz, Víctor' },
        contentUrl: '/api/docs/d-1/content',
      },
    ]);
  });

  it('leaves the process out with a warning when bpm times out, and aborts that call', async () => {
    const sources = healthy({ process: { hang: true } });
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(sources.aborted.has('process')).toBe(false);
    await vi.runAllTimersAsync();
    const detail = detailOf(await pending);
    expect(detail.process).toBeNull();
    expect(detail.documents).toHaveLength(1);
    expect(detail.warnings).toEqual([{ part: 'process', code: 'upstream-timeout', detail: expect.stringContaining('bpm') }]);
    expect(sources.aborted.has('process')).toBe(true);
  });

  it('leaves the documents out with a warning when docs fails', async () => {
    const sources = healthy({ documents: { answer: { ok: false, status: 500, code: 'internal-error', detail: 'boom' } } });
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    const detail = detailOf(await pending);
    expect(detail.documents).toBeNull();
    expect(detail.process).not.toBeNull();
    expect(detail.warnings).toEqual([{ part: 'documents', code: 'internal-error', detail: expect.stringContaining('HTTP 500') }]);
  });

  it('falls back to the names carried by the sources when the user lookup times out', async () => {
    const sources = healthy({ users: { hang: true } });
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 1000 });
    await vi.runAllTimersAsync();
    const detail = detailOf(await pending);
    expect(detail.createdBy).toEqual({ username: 'agat', displayName: 'Gat Alba, Antonio' });
    expect(detail.updatedBy).toEqual({ username: 'tecnico', displayName: 'tecnico' });
    expect(detail.documents?.[0]?.createdBy).toEqual({ username: 'validador', displayName: 'Valido Sanz, Victor' });
    expect(detail.warnings).toEqual([{ part: 'users', code: 'upstream-timeout', detail: expect.any(String) }]);
  });

  it('answers file-not-found when files knows no such expediente, and stops waiting for the rest', async () => {
    const sources = healthy({
      record: { answer: { ok: false, status: 404, code: 'file-not-found', detail: 'none' } },
      process: { hang: true },
      documents: { hang: true },
    });
    const pending = composeFileDetail(sources, 'NOPE', 'tok', { timeoutMs: 3000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(await pending).toEqual({ ok: false, status: 404, code: 'file-not-found', detail: 'There is no expediente NOPE.' });
    expect([...sources.aborted].sort()).toEqual(['documents', 'process']);
    expect(sources.lookedUp).toEqual([]);
  });

  it.each([400, 401, 403, 409, 414, 428])('passes a %s from files through: the client erred, not the service', async (status) => {
    const sources = healthy({ record: { answer: { ok: false, status, code: 'token-invalid', detail: 'no' } } });
    const pending = composeFileDetail(sources, 'EXP-1', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ ok: false, status, code: 'token-invalid', detail: 'no' });
  });

  it('answers 502 when files answers a server error', async () => {
    const failing = healthy({ record: { answer: { ok: false, status: 500, code: 'internal-error', detail: 'boom' } } });
    const pending = composeFileDetail(failing, 'EXP-1', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    expect(await pending).toMatchObject({ ok: false, status: 502, code: 'upstream-unavailable' });
  });

  it('answers 502 when files fails or times out', async () => {
    const down = healthy({ record: { answer: { ok: false, status: null, code: 'upstream-unavailable', detail: 'ECONNREFUSED' } } });
    const downPending = composeFileDetail(down, 'EXP-1', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    expect(await downPending).toMatchObject({ ok: false, status: 502, code: 'upstream-unavailable' });

    const slow = healthy({ record: { hang: true } });
    const slowPending = composeFileDetail(slow, 'EXP-1', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    expect(await slowPending).toMatchObject({ ok: false, status: 502, code: 'upstream-timeout' });
  });

  it('asks auth once for every person mentioned, each name once, sorted', async () => {
    const sources = healthy({ record: ok({ ...record, updatedBy: record.createdBy }), documents: ok({ items: [] }) });
    const pending = composeFileDetail(sources, 'EXP-2025-0001', 'tok', { timeoutMs: 3000 });
    await vi.runAllTimersAsync();
    const detail = detailOf(await pending);
    expect(sources.lookedUp).toEqual([['agat', 'tecnico']]);
    expect(detail.documents).toEqual([]);
  });
});
