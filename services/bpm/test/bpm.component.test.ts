import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@tramita/kernel';
import { buildEnvelope, InProcessTransport, type Envelope, type TransportMessage } from '@tramita/messaging';
import { bpmEvents, bpmReplies } from '@tramita/contracts';
import { verifyAuditExport, type RunningService } from '@tramita/platform';
import { createTestIssuer, TEST_ORGANISM, testServiceContext, testUsers, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import { start } from '../src/index.ts';
import { DEFAULT_PROCEDURE } from '../src/domain/default-procedure.ts';

const REPLIES = 'files.create-file.replies';
const requester = { username: 'agat', displayName: 'Gat Alba, Antonio' };

let issuer: TestIssuer;
let transport: InProcessTransport;
let running: RunningService;
const received: Envelope[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  transport = new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 });
  running = await start(testServiceContext('bpm', issuer, { transport }));
  await transport.subscribe({
    group: 'test',
    topics: ['bpm.events', REPLIES],
    handle: async (message) => void received.push(message.envelope),
    deadLetter: async () => {},
  });
});

afterAll(async () => {
  await running.stop();
  await transport.close();
});

// ---- helpers ---------------------------------------------------------------------------------

function command(type: 'CreateProcess' | 'DeleteProcess', data: Record<string, unknown>, sagaId = newId()): TransportMessage {
  return buildEnvelope(
    {
      topic: 'bpm.commands',
      type,
      subject: String(data.processId),
      data,
      saga: { id: sagaId, step: 'process', direction: type === 'CreateProcess' ? 'forward' : 'backward', replyTo: REPLIES },
    },
    { source: 'test', correlationId: 'c', causationId: null },
  );
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const eventsOf = (processId: string, type?: string) =>
  received.filter((e) => e.subject === processId && e.sagaid === undefined && (type === undefined || e.type === type));

/** Sends CreateProcess and returns the saga reply. */
async function createViaSaga(data: { processId: string; fileCode: string; procedureCode?: string; organism?: string }): Promise<Envelope> {
  const sagaId = newId();
  await transport.publish([command('CreateProcess', { ...data, requestedBy: requester }, sagaId)]);
  return waitFor(() => received.find((e) => e.sagaid === sagaId), `reply to saga ${sagaId}`);
}

async function http(method: string, path: string, user?: TestUser, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      ...(user ? await issuer.headers(user) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any>, type: response.headers.get('content-type') };
}

/** The process version a client would have read (1 when there is no process to read). */
async function currentVersion(fileCode: string): Promise<number> {
  const read = await http('GET', `/api/files/${fileCode}/process`, testUsers.all);
  return read.status === 200 ? (read.body.version as number) : 1;
}

/** A transition as a client sends it: with the version it read, unless the test says otherwise. */
const transition = async (fileCode: string, user: TestUser | undefined, to: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) => {
  const versioned = 'expectedVersion' in extra || headers?.['if-match'] !== undefined ? extra : { ...extra, expectedVersion: await currentVersion(fileCode) };
  return http('POST', `/api/files/${fileCode}/transitions`, user, { to, ...versioned }, headers);
};

async function newProcess(): Promise<{ processId: string; fileCode: string }> {
  const ids = { processId: newId(), fileCode: `EXP-${newId().slice(-12)}` };
  const reply = await createViaSaga(ids);
  expect(reply.type).toBe('ProcessCreated');
  return ids;
}

// ---- saga participant ----------------------------------------------------------------------

describe('bpm as a saga participant', () => {
  it('creates the process on CreateProcess, replies ProcessCreated and announces ProcessStarted', async () => {
    const processId = newId();
    const reply = await createViaSaga({ processId, fileCode: 'EXP-2026-0001' });
    expect(reply).toMatchObject({ type: 'ProcessCreated', outcome: 'success', subject: reply.sagaid, sagastep: 'process', sagadirection: 'forward' });
    expect(bpmReplies.ProcessCreated.parse(reply.data)).toEqual({
      processId,
      phase: { code: 'INICIAL', name: 'Fase inicial' },
      // The shipped procedure runs from its BPMN file, version 2 (ADR 0015).
      procedure: { code: 'EXPEDIENTE', version: 2 },
    });
    const started = await waitFor(() => eventsOf(processId, 'ProcessStarted')[0], 'ProcessStarted');
    expect(started.source).toBe('bpm');
    expect(bpmEvents.ProcessStarted.parse(started.data)).toMatchObject({ processId, fileCode: 'EXP-2026-0001', version: 1, finished: false });

    const view = await http('GET', '/api/files/EXP-2026-0001/process', testUsers.consulta);
    expect(view.status).toBe(200);
    expect(view.body.history).toEqual([
      { phase: { code: 'INICIAL', name: 'Fase inicial' }, enteredAt: view.body.startedAt, enteredBy: requester, finishedAt: null, finishedBy: null },
    ]);
  });

  it('refuses an unknown procedure with ProcessCreationFailed and creates nothing', async () => {
    const processId = newId();
    const reply = await createViaSaga({ processId, fileCode: 'EXP-NOPROC', procedureCode: 'INEXISTENTE' });
    expect(reply).toMatchObject({ type: 'ProcessCreationFailed', outcome: 'failure' });
    expect(bpmReplies.ProcessCreationFailed.parse(reply.data).reason).toMatch(/INEXISTENTE/);
    expect((await http('GET', '/api/files/EXP-NOPROC/process', testUsers.consulta)).status).toBe(404);
    await settle();
    expect(eventsOf(processId)).toEqual([]);
  });

  it('refuses a second process for the same expediente', async () => {
    const { fileCode } = await newProcess();
    const reply = await createViaSaga({ processId: newId(), fileCode });
    expect(reply.type).toBe('ProcessCreationFailed');
  });

  it('replies success again to a repeated CreateProcess without starting twice', async () => {
    const ids = await newProcess();
    const reply = await createViaSaga(ids);
    expect(reply).toMatchObject({ type: 'ProcessCreated', outcome: 'success' });
    await settle();
    expect(eventsOf(ids.processId, 'ProcessStarted')).toHaveLength(1);
  });

  it('applies a redelivered command once', async () => {
    const processId = newId();
    const message = command('CreateProcess', { processId, fileCode: 'EXP-REDELIVERED', requestedBy: requester });
    await transport.publish([message]);
    await transport.publish([message]);
    await waitFor(() => eventsOf(processId, 'ProcessStarted')[0], 'ProcessStarted');
    await settle();
    expect(received.filter((e) => e.sagaid === message.envelope.sagaid)).toHaveLength(1);
    expect(eventsOf(processId, 'ProcessStarted')).toHaveLength(1);
    expect(eventsOf(processId, 'PlazoChanged')).toHaveLength(1);
  });

  it('deletes the process on DeleteProcess, announces ProcessDeleted and refuses a late CreateProcess', async () => {
    const { processId, fileCode } = await newProcess();
    await transport.publish([command('DeleteProcess', { processId })]);
    const deleted = await waitFor(() => eventsOf(processId, 'ProcessDeleted')[0], 'ProcessDeleted event');
    expect(bpmEvents.ProcessDeleted.parse(deleted.data)).toEqual({ processId, fileCode, version: 2 });
    const reply = await waitFor(
      () =>
        received.find(
          (e) => e.type === 'ProcessDeleted' && e.sagaid !== undefined && e.subject !== processId && (e.data as { processId: string }).processId === processId,
        ),
      'ProcessDeleted reply',
    );
    expect(reply).toMatchObject({ outcome: 'success', sagadirection: 'backward' });
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta)).status).toBe(404);

    const late = await createViaSaga({ processId, fileCode });
    expect(late).toMatchObject({ type: 'ProcessCreationFailed', outcome: 'failure' });
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta)).status).toBe(404);
  });

  it('accepts DeleteProcess before CreateProcess and then refuses the creation', async () => {
    const processId = newId();
    const sagaId = newId();
    await transport.publish([command('DeleteProcess', { processId }, sagaId)]);
    const reply = await waitFor(() => received.find((e) => e.sagaid === sagaId), 'ProcessDeleted reply');
    expect(reply).toMatchObject({ type: 'ProcessDeleted', outcome: 'success', data: { processId } });
    const late = await createViaSaga({ processId, fileCode: 'EXP-TOO-LATE' });
    expect(late.type).toBe('ProcessCreationFailed');
    await settle();
    expect(eventsOf(processId)).toEqual([]);
    expect((await http('GET', '/api/files/EXP-TOO-LATE/process', testUsers.consulta)).status).toBe(404);
  });
});

// ---- workflow over HTTP --------------------------------------------------------------------

describe('bpm and organisms (ADR 0013)', () => {
  it('answers a member of another organism as for a missing process, over HTTP, and lets it move nothing', async () => {
    const processId = newId();
    const fileCode = `EXP-${newId().slice(-12)}`;
    const reply = await createViaSaga({ processId, fileCode, organism: 'A01002820' });
    expect(reply.type).toBe('ProcessCreated');
    const stranger = { username: 'ana', givenName: 'Ana', familyName: 'Pérez', roles: ['tramitador', 'tecnico', 'validador'] };
    const member = { username: 'eva', memberships: [{ organism: 'A01002820', roles: ['consulta'] }] };
    const read = await http('GET', `/api/files/${fileCode}/process`, stranger);
    const missing = await http('GET', '/api/files/EXP-NONE/process', stranger);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe(missing.body.code);
    expect((await http('GET', `/api/files/${fileCode}/transitions`, stranger)).status).toBe(404);
    expect((await http('POST', `/api/files/${fileCode}/transitions`, stranger, { to: 'ANALISIS_TECNICO', expectedVersion: 1 })).status).toBe(404);
    const own = await http('GET', `/api/files/${fileCode}/process`, member);
    expect(own).toMatchObject({ status: 200, body: { organism: 'A01002820', version: 1 } });
  });
});

describe('codes unique per organism (ADR 0013)', () => {
  it('keeps one process per organism for the same code: each member reaches their own, a member of both names which', async () => {
    const fileCode = `EXP-${newId().slice(-12)}`;
    expect((await createViaSaga({ processId: newId(), fileCode, organism: 'A01002820' })).type).toBe('ProcessCreated');
    expect((await createViaSaga({ processId: newId(), fileCode, organism: 'E00000000' })).type).toBe('ProcessCreated');
    const theirs = { username: 'eva', memberships: [{ organism: 'A01002820', roles: ['tramitador'] }] };
    const both = {
      username: 'bea',
      memberships: [
        { organism: 'A01002820', roles: ['consulta'] },
        { organism: 'E00000000', roles: ['consulta'] },
      ],
    };

    expect((await http('GET', `/api/files/${fileCode}/process`, theirs)).body.organism).toBe('A01002820');
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.all)).body.organism).toBe('E00000000');
    // Moving one leaves the other where it was.
    expect((await http('POST', `/api/files/${fileCode}/transitions`, theirs, { to: 'ANALISIS_TECNICO', expectedVersion: 1 })).status).toBe(200);
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.all)).body.phase.code).toBe('INICIAL');

    const ambiguous = await http('GET', `/api/files/${fileCode}/process`, both);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toMatchObject({ code: 'file-code-ambiguous', organisms: ['A01002820', 'E00000000'] });
    const named = await http('GET', `/api/files/${fileCode}/process?organism=A01002820`, both);
    expect(named.body).toMatchObject({ organism: 'A01002820', phase: { code: 'ANALISIS_TECNICO' } });
    expect((await http('GET', `/api/files/${fileCode}/transitions?organism=E00000000`, both)).body.phase.code).toBe('INICIAL');
    // Naming an organism the caller is not in finds nothing.
    expect((await http('GET', `/api/files/${fileCode}/process?organism=A01002820`, testUsers.all)).status).toBe(404);
  });
});

describe('the audit trail of bpm (ADR 0014)', () => {
  const OTHER = 'A01002820';
  const otherAdmin = { username: 'olga', memberships: [{ organism: OTHER, roles: ['admin'] }] };
  const platformAdmin = { username: 'root', memberships: [{ organism: 'E00000000', roles: ['platform-admin'] }] };

  it("records each transition once with its actor and address, and each outsider's refused access, for the organism's admin only", async () => {
    const { fileCode } = await newProcess();
    const moved = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', {}, { 'x-forwarded-for': '203.0.113.9' });
    expect(moved.status).toBe(200);
    const stranger = { username: 'eve', memberships: [{ organism: OTHER, roles: ['tramitador'] }] };
    expect((await http('GET', `/api/files/${fileCode}/process`, stranger)).status).toBe(404);

    const trail = await http('GET', `/api/admin/bpm/audit?fileCode=${fileCode}`, testUsers.admin);
    expect(trail.status).toBe(200);
    const entries = trail.body.items as Record<string, any>[];
    expect(entries.map((e) => [e.action, e.outcome, e.actor.username])).toEqual([
      ['process.transition', 'success', 'agat'],
      ['access.refused', 'refused', 'eve'],
    ]);
    expect(entries[0]).toMatchObject({
      organism: 'E00000000',
      sourceAddress: '203.0.113.9',
      details: { from: 'INICIAL', to: 'ANALISIS_TECNICO', version: 2 },
      actor: { username: 'agat', displayName: 'Gat Alba, Antonio' },
    });
    expect(entries[1]!.details).toMatchObject({ method: 'GET', route: '/api/files/:code/process', code: 'process-not-found' });
    expect(JSON.stringify(entries)).not.toMatch(/Bearer|eyJ/);

    // Another organism's administrator reads none of it; someone without admin is refused.
    expect((await http('GET', `/api/admin/bpm/audit?fileCode=${fileCode}`, otherAdmin)).body.items).toEqual([]);
    expect((await http('GET', '/api/admin/bpm/audit', testUsers.tramitador)).status).toBe(403);
  });

  it('exports a chain that verifies offline, with the entries of organisms the reader does not administer redacted', async () => {
    const own = await newProcess();
    const theirs = { processId: newId(), fileCode: `EXP-${newId().slice(-12)}` };
    expect((await createViaSaga({ ...theirs, organism: OTHER })).type).toBe('ProcessCreated');
    const theirUser = { username: 'teo', memberships: [{ organism: OTHER, roles: ['tramitador'] }] };
    expect((await transition(own.fileCode, testUsers.tramitador, 'ANALISIS_TECNICO')).status).toBe(200);
    expect((await transition(theirs.fileCode, theirUser, 'ANALISIS_TECNICO')).status).toBe(200);
    expect((await transition(own.fileCode, testUsers.tecnico, 'VALIDADO')).status).toBe(200);

    const full = await fetch(`${running.url}/api/admin/bpm/audit/export`, { headers: await issuer.headers(platformAdmin) });
    expect(full.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const fullText = await full.text();
    expect(verifyAuditExport(fullText)).toMatchObject({ ok: true, redacted: 0, firstSeq: 1 });
    expect(fullText).toContain(theirs.fileCode);

    const mine = await (await fetch(`${running.url}/api/admin/bpm/audit/export`, { headers: await issuer.headers(testUsers.admin) })).text();
    const verified = verifyAuditExport(mine);
    expect(verified).toMatchObject({ ok: true });
    expect(verified.ok && verified.redacted).toBeGreaterThan(0);
    expect(mine).not.toContain(theirs.fileCode);
    expect(mine).toContain(own.fileCode);

    // One altered entry is named by the verifier.
    const lines = mine.trimEnd().split('\n');
    const index = lines.findIndex((line) => line.includes(own.fileCode) && line.includes('VALIDADO'));
    lines[index] = lines[index]!.replace('VALIDADO', 'RECHAZADO');
    const broken = verifyAuditExport(`${lines.join('\n')}\n`);
    expect(broken).toMatchObject({ ok: false, line: index + 1 });
  });
});

describe('moving an expediente through its procedure', () => {
  it('walks the whole procedure with a rework loop and keeps the complete history', async () => {
    const { processId, fileCode } = await newProcess();
    const walk: [TestUser, string][] = [
      [testUsers.tramitador, 'ANALISIS_TECNICO'],
      [testUsers.tecnico, 'RECHAZADO'],
      [testUsers.tramitador, 'INICIAL'],
      [testUsers.tramitador, 'ANALISIS_TECNICO'],
      [testUsers.tecnico, 'VALIDADO'],
      [testUsers.validador, 'FINALIZADO'],
    ];
    let last: Awaited<ReturnType<typeof http>> | undefined;
    for (const [user, to] of walk) {
      last = await transition(fileCode, user, to);
      expect(last.status, `${user.username} → ${to}`).toBe(200);
      expect(last.body.phase.code).toBe(to);
    }
    const view = await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta);
    expect(view.body).toEqual(last!.body);
    expect(view.body).toMatchObject({
      processId,
      fileCode,
      procedure: { code: 'EXPEDIENTE', version: 2, name: 'Tramitación de expediente' },
      phase: { code: 'FINALIZADO', name: 'Finalizado' },
      finished: true,
      version: 7,
    });
    const history = view.body.history as {
      phase: { code: string };
      enteredAt: string;
      enteredBy: { username: string };
      finishedAt: string;
      finishedBy: { username: string };
    }[];
    expect(history.map((s) => s.phase.code)).toEqual(['INICIAL', 'ANALISIS_TECNICO', 'RECHAZADO', 'INICIAL', 'ANALISIS_TECNICO', 'VALIDADO', 'FINALIZADO']);
    expect(history.map((s) => [s.enteredBy.username, s.finishedBy.username])).toEqual([
      ['agat', 'agat'],
      ['agat', 'tecnico'],
      ['tecnico', 'agat'],
      ['agat', 'agat'],
      ['agat', 'tecnico'],
      ['tecnico', 'validador'],
      ['validador', 'validador'],
    ]);
    for (let i = 1; i < history.length; i++) expect(history[i]!.enteredAt).toBe(history[i - 1]!.finishedAt);
    const final = history[6]!;
    expect(final.finishedAt).toBe(final.enteredAt);
    expect(view.body.history[6].enteredBy).toEqual({ username: 'validador', displayName: 'Valido Sanz, Victor' });

    const advanced = await waitFor(() => {
      const events = eventsOf(processId, 'ProcessAdvanced');
      return events.length === 6 ? events : undefined;
    }, 'six ProcessAdvanced events');
    const payloads = advanced.map((e) => bpmEvents.ProcessAdvanced.parse(e.data));
    expect(payloads.map((p) => [p.from.code, p.phase.code, p.by.username, p.version])).toEqual([
      ['INICIAL', 'ANALISIS_TECNICO', 'agat', 2],
      ['ANALISIS_TECNICO', 'RECHAZADO', 'tecnico', 3],
      ['RECHAZADO', 'INICIAL', 'agat', 4],
      ['INICIAL', 'ANALISIS_TECNICO', 'agat', 5],
      ['ANALISIS_TECNICO', 'VALIDADO', 'tecnico', 6],
      ['VALIDADO', 'FINALIZADO', 'validador', 7],
    ]);
    expect(payloads[5]!.finished).toBe(true);

    const after = await transition(fileCode, testUsers.all, 'INICIAL');
    expect([after.status, after.body.code]).toEqual([409, 'process-finished']);
    const offered = await http('GET', `/api/files/${fileCode}/transitions`, testUsers.all);
    expect(offered.body).toEqual({ phase: { code: 'FINALIZADO', name: 'Finalizado' }, version: 7, transitions: [] });
  });

  it('offers only the transitions the caller may take now', async () => {
    const { fileCode } = await newProcess();
    await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO');
    const forTecnico = await http('GET', `/api/files/${fileCode}/transitions`, testUsers.tecnico);
    expect(forTecnico.body).toEqual({
      phase: { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico' },
      version: 2,
      transitions: [
        { to: { code: 'VALIDADO', name: 'Fase de validación' }, allowed: true, role: 'tecnico' },
        { to: { code: 'RECHAZADO', name: 'Fase rechazado' }, allowed: true, role: 'tecnico' },
      ],
    });
    const forConsulta = await http('GET', `/api/files/${fileCode}/transitions`, testUsers.consulta);
    expect(forConsulta.body.transitions.map((t: { allowed: boolean }) => t.allowed)).toEqual([false, false]);
  });

  it('forbids a transition to a user without the role the procedure names', async () => {
    const { fileCode } = await newProcess();
    const response = await transition(fileCode, testUsers.consulta, 'ANALISIS_TECNICO');
    expect(response.status).toBe(403);
    expect(response.type).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'transition-role-required', requiredRoles: ['tramitador'] });
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta)).body.version).toBe(1);
  });

  it('rejects an unknown phase with 400', async () => {
    const { fileCode } = await newProcess();
    const response = await transition(fileCode, testUsers.all, 'ARCHIVADO');
    expect([response.status, response.body.code]).toEqual([400, 'unknown-phase']);
  });

  it('rejects a transition the procedure does not allow with 409', async () => {
    const { fileCode } = await newProcess();
    const response = await transition(fileCode, testUsers.all, 'FINALIZADO');
    expect([response.status, response.body.code]).toEqual([409, 'transition-not-allowed']);
  });

  it('answers 404 for an expediente without process', async () => {
    const response = await http('GET', '/api/files/EXP-NADA/process', testUsers.consulta);
    expect([response.status, response.body.code]).toEqual([404, 'process-not-found']);
    expect((await transition('EXP-NADA', testUsers.all, 'INICIAL')).status).toBe(404);
    expect((await http('GET', '/api/files/EXP-NADA/transitions', testUsers.all)).status).toBe(404);
  });

  it('requires a token', async () => {
    const { fileCode } = await newProcess();
    expect((await http('GET', `/api/files/${fileCode}/process`)).status).toBe(401);
    expect((await http('GET', `/api/files/${fileCode}/transitions`)).status).toBe(401);
    expect((await transition(fileCode, undefined, 'ANALISIS_TECNICO')).status).toBe(401);
    expect((await http('GET', '/api/procedures')).status).toBe(401);
  });

  it('rejects a stale expected version, from the body or from If-Match', async () => {
    const { fileCode } = await newProcess();
    const stale = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', { expectedVersion: 2 });
    expect([stale.status, stale.body.code]).toEqual([409, 'version-conflict']);
    const staleHeader = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', {}, { 'if-match': '"5"' });
    expect([staleHeader.status, staleHeader.body.code]).toEqual([409, 'version-conflict']);
    const badHeader = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', {}, { 'if-match': 'abc' });
    expect([badHeader.status, badHeader.body.code]).toEqual([400, 'invalid-if-match']);
    const current = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', {}, { 'if-match': '"1"' });
    expect([current.status, current.body.version]).toEqual([200, 2]);
  });

  it('refuses a transition that does not say which version it moves (428), changing nothing', async () => {
    const { fileCode } = await newProcess();
    const blind = await http('POST', `/api/files/${fileCode}/transitions`, testUsers.tramitador, { to: 'ANALISIS_TECNICO' });
    expect([blind.status, blind.body.code, blind.type]).toEqual([428, 'version-required', 'application/problem+json; charset=utf-8']);
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta)).body).toMatchObject({ version: 1, phase: { code: 'INICIAL' } });
  });

  it('lets exactly one of two concurrent transitions win', async () => {
    const { fileCode } = await newProcess();
    const same = await Promise.all([
      transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', { expectedVersion: 1 }),
      transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', { expectedVersion: 1 }),
    ]);
    expect(same.map((r) => r.status).sort()).toEqual([200, 409]);

    const racing = await Promise.all([
      transition(fileCode, testUsers.tecnico, 'VALIDADO', { expectedVersion: 2 }),
      transition(fileCode, testUsers.tecnico, 'RECHAZADO', { expectedVersion: 2 }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(racing.find((r) => r.status === 409)?.body.code).toBe('version-conflict');
    const view = await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta);
    expect(view.body.version).toBe(3);
    expect(view.body.history).toHaveLength(3);
  });

  it('rejects a malformed body with 400 and changes nothing', async () => {
    const { fileCode } = await newProcess();
    const response = await http('POST', `/api/files/${fileCode}/transitions`, testUsers.all, { to: '' });
    expect([response.status, response.body.code]).toEqual([400, 'invalid-request']);
    expect((await http('GET', `/api/files/${fileCode}/process`, testUsers.consulta)).body.version).toBe(1);
  });
});

// ---- procedure definitions -------------------------------------------------------------------

describe('procedure definitions', () => {
  // In the catalogue of the organism its admin administers (the shared one is the platform administrator's).
  const licencia = (name: string) => ({
    code: 'LICENCIA',
    organism: TEST_ORGANISM,
    name,
    phases: [
      { code: 'SOLICITADA', name: 'Solicitada', initial: true },
      { code: 'CONCEDIDA', name: 'Concedida', terminal: true },
      { code: 'DENEGADA', name: 'Denegada', terminal: true },
    ],
    transitions: [
      { from: 'SOLICITADA', to: 'CONCEDIDA', role: 'validador' },
      { from: 'SOLICITADA', to: 'DENEGADA', role: 'validador' },
    ],
  });

  it('ships the original procedure as the default definition', async () => {
    const response = await http('GET', '/api/procedures/EXPEDIENTE', testUsers.consulta);
    expect(response.status).toBe(200);
    // Version 1 is the phase table; version 2 its BPMN file, with the same phases and transitions (ADR 0015).
    expect(response.body).toEqual({ ...DEFAULT_PROCEDURE, version: 2 });
    expect((await http('GET', '/api/procedures/EXPEDIENTE?version=1', testUsers.consulta)).body).toEqual(DEFAULT_PROCEDURE);
    const list = await http('GET', '/api/procedures', testUsers.consulta);
    expect(list.body.items).toContainEqual({
      code: 'EXPEDIENTE',
      name: 'Tramitación de expediente',
      latestVersion: 2,
      versions: [1, 2],
      organism: null,
      format: 'bpmn',
    });
  });

  it('publishes new versions while running processes keep the version they started with', async () => {
    const v1 = await http('POST', '/api/procedures', testUsers.admin, licencia('Licencia v1'));
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ code: 'LICENCIA', version: 1, phases: [{ code: 'SOLICITADA', ordering: 1, initial: true, terminal: false }, {}, {}] });

    const processId = newId();
    const reply = await createViaSaga({ processId, fileCode: 'EXP-LIC-1', procedureCode: 'LICENCIA' });
    expect(reply.data).toMatchObject({ procedure: { code: 'LICENCIA', version: 1 }, phase: { code: 'SOLICITADA' } });

    const v2 = await http('POST', '/api/procedures', testUsers.admin, {
      ...licencia('Licencia v2'),
      transitions: [{ from: 'SOLICITADA', to: 'CONCEDIDA', role: 'tecnico' }],
    });
    expect([v2.status, v2.body.version]).toEqual([201, 2]);
    expect((await http('GET', '/api/procedures/LICENCIA', testUsers.consulta)).body.name).toBe('Licencia v2');
    expect((await http('GET', '/api/procedures/LICENCIA?version=1', testUsers.consulta)).body.name).toBe('Licencia v1');

    // Still v1: validador decides, tecnico may not.
    expect((await transition('EXP-LIC-1', testUsers.tecnico, 'CONCEDIDA')).status).toBe(403);
    const done = await transition('EXP-LIC-1', testUsers.validador, 'DENEGADA');
    expect(done.body).toMatchObject({ procedure: { code: 'LICENCIA', version: 1, name: 'Licencia v1' }, finished: true });
  });

  it('answers 400, never 500, for versions beyond what is stored', async () => {
    const { fileCode } = await newProcess();
    const huge = await transition(fileCode, testUsers.tramitador, 'ANALISIS_TECNICO', { expectedVersion: 9_007_199_254_740_991 });
    expect(huge.status).toBe(400);
    expect((await http('GET', '/api/procedures/EXPEDIENTE?version=19454781765', testUsers.consulta)).status).toBe(400);
    expect((await http('GET', '/api/procedures/EXPEDIENTE?version=1', testUsers.consulta)).status).toBe(200);
  });

  it('lets only administrators publish', async () => {
    const response = await http('POST', '/api/procedures', testUsers.tramitador, licencia('x'));
    expect([response.status, response.body.code]).toEqual([403, 'role-required']);
    // the role is checked before the body, so a reader learns nothing of the definition's rules
    const empty = await http('POST', '/api/procedures', testUsers.consulta, {});
    expect([empty.status, empty.body.code, empty.body.errors]).toEqual([403, 'role-required', undefined]);
  });

  it('rejects an invalid definition naming every problem', async () => {
    const response = await http('POST', '/api/procedures', testUsers.admin, {
      ...licencia('Mala'),
      code: 'MALA',
      transitions: [
        { from: 'CONCEDIDA', to: 'SOLICITADA', role: 'validador' },
        { from: 'SOLICITADA', to: 'ARCHIVADA', role: 'jefe de servicio' },
      ],
    });
    expect([response.status, response.body.code]).toEqual([400, 'invalid-procedure']);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['transitions.0.from', 'transitions.1.to', 'transitions.1.role']);
    expect((await http('GET', '/api/procedures/MALA', testUsers.admin)).status).toBe(404);
  });

  it('answers 404 for an unknown procedure or version', async () => {
    const unknown = await http('GET', '/api/procedures/NOPE', testUsers.consulta);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'procedure-not-found']);
    expect((await http('GET', '/api/procedures/EXPEDIENTE?version=99', testUsers.consulta)).status).toBe(404);
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = await http('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/files/{code}/process', '/api/files/{code}/transitions', '/api/procedures', '/api/procedures/{code}']),
    );
  });
});

describe('procedures per organism (ADR 0013, point 7)', () => {
  const A = 'L01280796';
  const B = 'A01002820';
  const adminA = { username: 'admin-a', memberships: [{ organism: A, roles: ['admin', 'tramitador'] }] };
  const adminB = { username: 'admin-b', memberships: [{ organism: B, roles: ['admin', 'tramitador'] }] };
  const platformAdmin = { username: 'root', memberships: [{ organism: TEST_ORGANISM, roles: ['admin', 'platform-admin'] }] };
  const definition = (code: string, organism?: string) => ({
    code,
    name: `Procedimiento ${code}`,
    ...(organism ? { organism } : {}),
    phases: [
      { code: 'ABIERTA', name: 'Abierta', initial: true },
      { code: 'CERRADA', name: 'Cerrada', terminal: true },
    ],
    transitions: [{ from: 'ABIERTA', to: 'CERRADA', role: 'tramitador' }],
  });
  const listed = async (user: TestUser) =>
    ((await http('GET', '/api/procedures', user)).body.items as { code: string; organism: string | null }[]).map((p) => `${p.code}:${p.organism}`);

  it("shows each organism the shared procedures and its own, never the other's; only their admin publishes in a catalogue", async () => {
    expect((await http('POST', '/api/procedures', adminA, definition('OBRAS_A', A))).status).toBe(201);
    expect((await http('POST', '/api/procedures', adminB, definition('MERCADO_B', B))).status).toBe(201);
    const intoB = await http('POST', '/api/procedures', adminA, definition('INTRUSO', B));
    expect([intoB.status, intoB.body.code]).toEqual([404, 'organism-not-found']);
    const shared = await http('POST', '/api/procedures', adminA, definition('INTRUSO'));
    expect([shared.status, shared.body.code, shared.body.requiredRoles]).toEqual([403, 'role-required', ['platform-admin']]);
    expect((await http('POST', '/api/procedures', platformAdmin, definition('COMUN'))).status).toBe(201);

    expect(await listed(adminA)).toEqual(expect.arrayContaining(['COMUN:null', 'EXPEDIENTE:null', 'OBRAS_A:L01280796']));
    expect(await listed(adminA)).not.toContain('MERCADO_B:A01002820');
    expect(await listed(adminB)).toEqual(expect.arrayContaining(['COMUN:null', 'MERCADO_B:A01002820']));
    expect(await listed(adminB)).not.toContain('OBRAS_A:L01280796');
    expect((await listed(adminB)).some((p) => p.startsWith('INTRUSO'))).toBe(false);

    // Another organism's procedure is a 404 exactly like a missing one.
    const theirs = await http('GET', '/api/procedures/MERCADO_B', adminA);
    const missing = await http('GET', '/api/procedures/NO_EXISTE', adminA);
    expect([theirs.status, theirs.body.code]).toEqual([404, 'procedure-not-found']);
    expect([missing.status, missing.body.code]).toEqual([404, 'procedure-not-found']);
    expect((await http('GET', '/api/procedures/MERCADO_B?version=1', adminA)).status).toBe(404);
    expect((await http('GET', '/api/procedures/MERCADO_B', adminB)).body).toMatchObject({ code: 'MERCADO_B', version: 1 });

    const trail = await http('GET', '/api/admin/bpm/audit?limit=1000', platformAdmin);
    const published = (trail.body.items as { action: string; organism: string | null; details: { code: string } }[]).filter(
      (e) => e.action === 'procedure.publish' && e.details.code !== 'LICENCIA',
    );
    expect(published.map((e) => `${e.details.code}:${e.organism}`)).toEqual(['OBRAS_A:L01280796', 'MERCADO_B:A01002820', 'COMUN:null']);
  });

  it("fails CreateProcess with another organism's procedure, creating nothing, and opens it for the procedure's own organism", async () => {
    const fileCode = `EXP-${newId().slice(-12)}`;
    const refused = await createViaSaga({ processId: newId(), fileCode, procedureCode: 'MERCADO_B', organism: A });
    expect(refused).toMatchObject({ type: 'ProcessCreationFailed', outcome: 'failure' });
    expect(bpmReplies.ProcessCreationFailed.parse(refused.data).reason).toBe(`Unknown procedure MERCADO_B: neither shared nor of organism ${A}.`);
    expect((await http('GET', `/api/files/${fileCode}/process`, adminA)).status).toBe(404);
    const own = await createViaSaga({ processId: newId(), fileCode, procedureCode: 'MERCADO_B', organism: B });
    expect(own.data).toMatchObject({ procedure: { code: 'MERCADO_B', version: 1 }, phase: { code: 'ABIERTA' } });
    const shared = await createViaSaga({ processId: newId(), fileCode, procedureCode: 'COMUN', organism: A });
    expect(shared.type).toBe('ProcessCreated');
  });
});

describe('transitions reserved to a unit (ADR 0013: roles per unit where the procedure says so)', () => {
  const A = 'L01280796';
  const adminA = { username: 'admin-a', memberships: [{ organism: A, roles: ['admin', 'tramitador'] }] };
  const urbanist = { username: 'urbano', memberships: [{ organism: A, roles: ['tramitador'], units: ['LA0012345'] }] };
  const elsewhere = { username: 'otro', memberships: [{ organism: A, roles: ['tramitador'], units: ['LA0099999'] }] };

  it('lets only members of the unit take it, and says so in the transitions offered', async () => {
    const published = await http('POST', '/api/procedures', adminA, {
      code: 'LICENCIA_UNIDAD',
      name: 'Licencia por unidad',
      organism: A,
      phases: [
        { code: 'ABIERTA', name: 'Abierta', initial: true },
        { code: 'INFORMADA', name: 'Informada por Urbanismo', terminal: true },
      ],
      transitions: [{ from: 'ABIERTA', to: 'INFORMADA', role: 'tramitador', unit: 'LA0012345' }],
    });
    expect(published.status).toBe(201);
    expect((await http('GET', '/api/procedures/LICENCIA_UNIDAD', adminA)).body.transitions).toEqual([
      { from: 'ABIERTA', to: 'INFORMADA', role: 'tramitador', unit: 'LA0012345' },
    ]);
    const fileCode = `EXP-${newId().slice(-12)}`;
    expect((await createViaSaga({ processId: newId(), fileCode, procedureCode: 'LICENCIA_UNIDAD', organism: A })).type).toBe('ProcessCreated');

    expect((await http('GET', `/api/files/${fileCode}/transitions`, elsewhere)).body.transitions).toEqual([
      { to: { code: 'INFORMADA', name: 'Informada por Urbanismo' }, role: 'tramitador', unit: 'LA0012345', allowed: false },
    ]);
    const refused = await http('POST', `/api/files/${fileCode}/transitions`, elsewhere, { to: 'INFORMADA', expectedVersion: 1 });
    expect([refused.status, refused.body.code]).toEqual([403, 'transition-unit-required']);
    expect((await http('GET', `/api/files/${fileCode}/transitions`, urbanist)).body.transitions[0].allowed).toBe(true);
    expect((await http('POST', `/api/files/${fileCode}/transitions`, urbanist, { to: 'INFORMADA', expectedVersion: 1 })).status).toBe(200);

    const badUnit = await http('POST', '/api/procedures', adminA, {
      code: 'MAL_UNIDAD',
      name: 'Mal',
      organism: A,
      phases: [
        { code: 'A', name: 'A', initial: true },
        { code: 'B', name: 'B', terminal: true },
      ],
      transitions: [{ from: 'A', to: 'B', role: 'tramitador', unit: 'no-dir3' }],
    });
    expect(badUnit.status).toBe(400);
  });
});
