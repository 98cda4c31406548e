import { bpmReplies, docsReplies, topics } from '@tramita/contracts';
import { buildEnvelope, sagaReply, type Envelope, type InProcessTransport, type TransportMessage } from '@tramita/messaging';
import { createTestIssuer, testServiceContext, testUsers, type TestIssuer } from '@tramita/platform/testing';
import type { RunningService } from '@tramita/platform';
import { start } from '../src/index.ts';
import { startFakeBpmCatalogue, type FakeBpmCatalogue } from './fake-bpm-catalogue.ts';

/** What the fake participant answers to a command: a reply, nothing (never answers), or a later reply. */
export type Reply = { outcome: 'success' | 'failure'; type: string; data: unknown } | 'silence';
export type Answer = Reply | Promise<Reply>;

export interface Harness {
  service: RunningService;
  transport: InProcessTransport;
  issuer: TestIssuer;
  /** bpm's procedure catalogue over HTTP (files asks it whether an initial option's procedure exists); empty at first. */
  bpmCatalogue: FakeBpmCatalogue;
  /** Every command bpm and docs received, and every event files published. */
  bpmCommands: Envelope[];
  docsCommands: Envelope[];
  fileEvents: Envelope[];
  /** How the fake bpm and docs answer; tests replace them. */
  bpm: (command: Envelope) => Answer;
  docs: (command: Envelope) => Answer;
  call(
    method: string,
    path: string,
    options?: { user?: keyof typeof testUsers | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  publishBpmEvent(type: string, data: unknown): Promise<void>;
  stop(): Promise<void>;
}

export const happyBpm = (command: Envelope): Answer => {
  if (command.type === 'DeleteProcess') return { outcome: 'success', type: 'ProcessDeleted', data: bpmReplies.ProcessDeleted.parse(command.data) };
  const { processId } = command.data as { processId: string };
  return {
    outcome: 'success',
    type: 'ProcessCreated',
    data: { processId, phase: { code: 'INICIAL', name: 'Inicial' }, procedure: { code: 'DEFAULT', version: 1 } },
  };
};

export const happyDocs = (command: Envelope): Answer => {
  const data = command.data as { fileCode: string; documentIds: string[] };
  const reply = command.type === 'AttachDocuments' ? 'DocumentsAttached' : 'DocumentsDetached';
  return { outcome: 'success', type: reply, data: docsReplies.DocumentsAttached.parse({ fileCode: data.fileCode, documentIds: data.documentIds }) };
};

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The files service on an in-memory database, with the test playing bpm and docs on its transport. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const issuer = await createTestIssuer();
  const bpmCatalogue = await startFakeBpmCatalogue();
  const ctx = testServiceContext('files', issuer, { env: { FILES_SAGA_SWEEP_INTERVAL_MS: '100', ...env }, serviceUrls: { bpm: bpmCatalogue.url } });
  const transport = ctx.transport as InProcessTransport;
  const service = await start(ctx).catch(async (error: unknown) => {
    await bpmCatalogue.close();
    throw error;
  });

  const answer = async (command: Envelope, given: Answer) => {
    const resolved = await given;
    if (resolved === 'silence') return;
    const reply = buildEnvelope(sagaReply(command, resolved.outcome, resolved.type, resolved.data), {
      source: 'test-participant',
      correlationId: command.correlationid,
      causationId: command.id,
    });
    await transport.publish([reply]);
  };

  const harness: Harness = {
    service,
    transport,
    issuer,
    bpmCatalogue,
    bpmCommands: [],
    docsCommands: [],
    fileEvents: [],
    bpm: happyBpm,
    docs: happyDocs,
    async call(method, path, options = {}) {
      const user = options.user === undefined ? 'tramitador' : options.user;
      const headers: Record<string, string> = { ...(user ? await issuer.headers(testUsers[user]) : {}), ...options.headers };
      let body: string | undefined;
      if (options.rawBody !== undefined || options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = options.rawBody ?? JSON.stringify(options.body);
      }
      return fetch(`${service.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
    async publishBpmEvent(type, data) {
      await transport.publish([
        buildEnvelope(
          { topic: topics.bpmEvents, type, subject: (data as { processId: string }).processId, data },
          { source: 'test', correlationId: 'c', causationId: null },
        ),
      ]);
    },
    async stop() {
      await service.stop();
      await bpmCatalogue.close();
    },
  };

  // Participants answer after the command was delivered, as a real service would.
  const participant = (group: string, topic: string, log: Envelope[], behaviour: () => (command: Envelope) => Answer) => ({
    group,
    topics: [topic],
    async handle(message: TransportMessage) {
      log.push(message.envelope);
      const given = behaviour()(message.envelope);
      setImmediate(() => void answer(message.envelope, given).catch(() => undefined));
    },
    async deadLetter() {},
  });
  await transport.subscribe(participant('test-bpm', topics.bpmCommands, harness.bpmCommands, () => harness.bpm));
  await transport.subscribe(participant('test-docs', topics.docsCommands, harness.docsCommands, () => harness.docs));
  await transport.subscribe({
    group: 'test-events',
    topics: [topics.filesEvents],
    handle: async (message) => void harness.fileEvents.push(message.envelope),
    deadLetter: async () => {},
  });
  return harness;
}

/** POSTs a new expediente and waits until its saga ends; returns the saga's final status. */
export async function createAndWait(h: Harness, body: Record<string, unknown>): Promise<{ sagaId: string; status: string; reason?: string }> {
  const response = await h.call('POST', '/api/files', { body });
  if (response.status !== 202) throw new Error(`POST /api/files answered ${response.status}: ${await response.text()}`);
  const { sagaId } = (await response.json()) as { sagaId: string };
  return waitFor(async () => {
    const status = (await (await h.call('GET', `/api/sagas/${sagaId}`)).json()) as { status: string; reason?: string };
    return status.status === 'running' ? undefined : { sagaId, ...status };
  }, `saga ${sagaId} to end`);
}
