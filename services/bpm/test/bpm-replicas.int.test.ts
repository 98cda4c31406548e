import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { newId } from '@tramita/kernel';
import { buildEnvelope, InProcessTransport, type Envelope } from '@tramita/messaging';
import { createLogger, type RunningService } from '@tramita/platform';
import { createTestIssuer, TEST_ORGANISM, testServiceContext, testUsers, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import type { ProcessResource } from '@tramita/contracts';
import { start } from '../src/index.ts';

/**
 * Two bpm replicas on one PostgreSQL database (ADR 0015, point 3): both poll the same due timers,
 * each claimed with `for update skip locked` and fired in the transaction that marks it, so every
 * timer fires once across the replicas. Set TEST_POSTGRES_URL (a superuser URL); a throwaway
 * database is created and dropped.
 */
const serverUrl = process.env.TEST_POSTGRES_URL;
const REPLIES = 'files.create-file.replies';
const PROCESSES = 20;
/** Both replicas poll this often: their rounds overlap while the timers fall due. */
const TIMER_INTERVAL_MS = '20';

const TIMED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:tramita:test">
  <bpmn:process id="REPLICAS" name="Plazo entre réplicas" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="APORTAR" />
    <bpmn:userTask id="APORTAR" name="Aportar documentación" camunda:candidateGroups="tramitador" />
    <bpmn:boundaryEvent id="plazo" attachedToRef="APORTAR">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT0.5S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="APORTAR" targetRef="fin" />
    <bpmn:sequenceFlow id="f3" sourceRef="plazo" targetRef="DESISTIMIENTO" />
    <bpmn:userTask id="DESISTIMIENTO" name="Declarar el desistimiento" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f4" sourceRef="DESISTIMIENTO" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;

/** One bpm replica: its service, its own in-process transport and how many timers it says it fired. */
interface Replica {
  running: RunningService;
  transport: InProcessTransport;
  fired: () => number;
}

/** A logger that keeps the replica's "timers fired" counts (the poller logs each round that fired some). */
function firedCounter(): { destination: Writable; fired: () => number } {
  let fired = 0;
  let pending = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as { msg?: string; fired?: number };
        if (entry.msg === 'timers fired') fired += entry.fired ?? 0;
      }
      done();
    },
  });
  return { destination, fired: () => fired };
}

describe.skipIf(!serverUrl)('bpm replicas on one PostgreSQL database', () => {
  const database = `bpm_replicas_${newId().replaceAll('-', '').slice(-12)}`;
  let issuer: TestIssuer;
  const replicas: Replica[] = [];
  // The replicas share one outbox: either relay may publish a reply, each on its own transport.
  const replies: Envelope[] = [];
  let client: pg.Client;

  const admin = async (statement: string) => {
    const connection = new pg.Client({ connectionString: serverUrl });
    await connection.connect();
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${database}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    issuer = await createTestIssuer();
    // One after the other: the first runs the migrations and adopts the shipped procedure.
    for (const name of ['a', 'b']) {
      const transport = new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 });
      const counter = firedCounter();
      const running = await start(
        testServiceContext('bpm', issuer, {
          transport,
          logger: createLogger({ service: `bpm-${name}`, level: 'info', destination: counter.destination }),
          database: { kind: 'postgres', url: url.toString(), poolSize: 5 },
          env: { BPM_TIMER_INTERVAL_MS: TIMER_INTERVAL_MS },
        }),
      );
      await transport.subscribe({ group: 'test', topics: [REPLIES], handle: async (m) => void replies.push(m.envelope), deadLetter: async () => {} });
      replicas.push({ running, transport, fired: counter.fired });
    }
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    for (const replica of replicas) {
      await replica.running.stop();
      await replica.transport.close();
    }
    await admin(`drop database if exists ${database} with (force)`);
  });

  async function waitFor<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function http(replica: Replica, method: string, path: string, user: TestUser, body?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${replica.running.url}${path}`, {
      method,
      headers: { ...(await issuer.headers(user)), ...(body === undefined ? {} : { 'content-type': 'application/xml' }) },
      body: body ?? null,
    });
    return { status: response.status, body: await response.json() };
  }

  /** Sends CreateProcess through one replica's transport (the saga's command) and waits for its reply. */
  async function createProcess(replica: Replica, fileCode: string): Promise<Envelope> {
    const sagaId = newId();
    const processId = newId();
    await replica.transport.publish([
      buildEnvelope(
        {
          topic: 'bpm.commands',
          type: 'CreateProcess',
          subject: processId,
          data: {
            processId,
            fileCode,
            procedureCode: 'REPLICAS',
            organism: TEST_ORGANISM,
            requestedBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
          },
          saga: { id: sagaId, step: 'process', direction: 'forward', replyTo: REPLIES },
        },
        { source: 'test', correlationId: 'c', causationId: null },
      ),
    ]);
    return waitFor(async () => replies.find((e) => e.sagaid === sagaId), `reply to saga ${sagaId}`);
  }

  const firedCount = async () => Number((await client.query<{ n: string }>('select count(*) as n from timers where fired_at is not null')).rows[0]!.n);

  it('fires every timer exactly once while two replicas poll the same database', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await http(a, 'POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, TIMED)).status).toBe(201);

    // Half the expedientes start through each replica, all at once.
    const codes = Array.from({ length: PROCESSES }, (_, index) => `REPL-${index + 1}`);
    const created = await Promise.all(codes.map((code, index) => createProcess(index % 2 === 0 ? a : b, code)));
    expect(created.map((reply) => reply.type)).toEqual(codes.map(() => 'ProcessCreated'));

    await waitFor(async () => ((await firedCount()) >= PROCESSES ? true : undefined), 'every timer to fire');
    // Many more rounds of both pollers change nothing.
    await new Promise((resolve) => setTimeout(resolve, 10 * Number(TIMER_INTERVAL_MS)));
    expect(await firedCount()).toBe(PROCESSES);
    const perProcess = await client.query<{ fired: string; timers: string }>(
      'select count(*) filter (where fired_at is not null) as fired, count(*) as timers from timers group by process_id',
    );
    expect(perProcess.rows).toHaveLength(PROCESSES);
    expect(perProcess.rows.every((row) => row.fired === '1' && row.timers === '1')).toBe(true);
    const tasks = await client.query<{ node_id: string; state: string; n: string }>(
      'select node_id, state, count(*) as n from tasks group by node_id, state order by node_id',
    );
    expect(tasks.rows).toEqual([
      { node_id: 'APORTAR', state: 'cancelled', n: String(PROCESSES) },
      { node_id: 'DESISTIMIENTO', state: 'open', n: String(PROCESSES) },
    ]);

    // Each process moved once, by the timer, whichever replica is asked.
    for (const [index, code] of codes.entries()) {
      const view = await http(replicas[index % 2]!, 'GET', `/api/files/${code}/process`, testUsers.consulta);
      const process = view.body as ProcessResource;
      expect(process.history.map((step) => [step.phase.code, step.finishedBy?.username ?? null])).toEqual([
        ['APORTAR', 'bpm-timer'],
        ['DESISTIMIENTO', null],
      ]);
      expect(process.version).toBe(2);
    }

    // Both replicas took part, and together they report each timer once (a round logs when it ends).
    await waitFor(async () => (a.fired() + b.fired() >= PROCESSES ? true : undefined), 'both pollers to log their rounds');
    expect(a.fired() + b.fired()).toBe(PROCESSES);
    expect([a.fired() > 0, b.fired() > 0]).toEqual([true, true]);
  });
});
