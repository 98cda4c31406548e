import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@tramita/kernel';
import { buildEnvelope, InProcessTransport, type Envelope } from '@tramita/messaging';
import type { RunningService } from '@tramita/platform';
import { createTestIssuer, TEST_ORGANISM, testServiceContext, testUsers, type TestIssuer, type TestUser } from '@tramita/platform/testing';
import type { ProcessDiagramResource, TaskListResource, TaskResource } from '@tramita/contracts';
import { start } from '../src/index.ts';
import { DEFAULT_PROCEDURE } from '../src/domain/default-procedure.ts';

/**
 * bpm as a BPMN engine (ADR 0015), through its HTTP API and its saga commands, on the embedded
 * database: the shipped procedure runs from its BPMN file with the same answers as before, work
 * items are claimed and completed with their decisions, a deployed procedure's timer fires once,
 * and another organism's tasks are missing ones.
 */
const REPLIES = 'files.create-file.replies';
const OTHER = 'A01002820';
const outsider: TestUser = { username: 'olga', memberships: [{ organism: OTHER, roles: ['tramitador', 'tecnico', 'validador', 'admin'] }] };
const requester = { username: 'agat', displayName: 'Gat Alba, Antonio' };

let issuer: TestIssuer;
let transport: InProcessTransport;
let running: RunningService;
const received: Envelope[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  transport = new InProcessTransport({ maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 });
  running = await start(testServiceContext('bpm', issuer, { transport, env: { BPM_TIMER_INTERVAL_MS: '50' } }));
  await transport.subscribe({ group: 'test', topics: [REPLIES], handle: async (m) => void received.push(m.envelope), deadLetter: async () => {} });
});

afterAll(async () => {
  await running.stop();
  await transport.close();
});

async function waitFor<T>(find: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createProcess(data: { processId: string; fileCode: string; procedureCode?: string }): Promise<Envelope> {
  const sagaId = newId();
  await transport.publish([
    buildEnvelope(
      {
        topic: 'bpm.commands',
        type: 'CreateProcess',
        subject: data.processId,
        data: { ...data, organism: TEST_ORGANISM, requestedBy: requester },
        saga: { id: sagaId, step: 'process', direction: 'forward', replyTo: REPLIES },
      },
      { source: 'test', correlationId: 'c', causationId: null },
    ),
  ]);
  return waitFor(() => received.find((e) => e.sagaid === sagaId), `reply to saga ${sagaId}`);
}

async function http(method: string, path: string, user: TestUser, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: { ...(await issuer.headers(user)), ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}

const inbox = async (user: TestUser, query = '') => (await http('GET', `/api/tasks${query}`, user)).body as TaskListResource;
const openTaskOf = async (user: TestUser, fileCode: string) => (await inbox(user, `?fileCode=${fileCode}`)).items[0];

describe('the shipped procedure from its BPMN file', () => {
  it('is the next version of EXPEDIENTE, with the same phases and transitions as the phase table', async () => {
    const latest = await http('GET', '/api/procedures/EXPEDIENTE', testUsers.consulta);
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual({ ...DEFAULT_PROCEDURE, version: 2 });
    expect((await http('GET', '/api/procedures', testUsers.consulta)).body.items).toContainEqual(
      expect.objectContaining({ code: 'EXPEDIENTE', latestVersion: 2, versions: [1, 2], format: 'bpmn' }),
    );
    const file = await http('GET', '/api/procedures/EXPEDIENTE/bpmn', testUsers.consulta);
    expect(file.status).toBe(200);
    expect(file.body).toContain('id="EXPEDIENTE"');
    expect(file.body).toContain('bpmndi:BPMNDiagram');
    expect((await http('GET', '/api/procedures/EXPEDIENTE/bpmn?version=1', testUsers.consulta)).body).toMatchObject({ code: 'procedure-bpmn-not-found' });
  });

  it('runs an expediente through work items and the transitions API alike, with the history as before', async () => {
    const processId = newId();
    const reply = await createProcess({ processId, fileCode: 'BPMN-1' });
    expect(reply.type).toBe('ProcessCreated');
    expect((await http('GET', '/api/files/BPMN-1/process', testUsers.consulta)).body).toMatchObject({ phase: { code: 'INICIAL' }, procedure: { version: 2 } });

    // The transitions API completes the INICIAL task with its decision.
    const transitions = await http('GET', '/api/files/BPMN-1/transitions', testUsers.tramitador);
    expect(transitions.body.transitions).toEqual([{ to: { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico' }, role: 'tramitador', allowed: true }]);
    const moved = await http('POST', '/api/files/BPMN-1/transitions', testUsers.tramitador, { to: 'ANALISIS_TECNICO', expectedVersion: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body.phase.code).toBe('ANALISIS_TECNICO');

    // The inbox: a tecnico may claim it; its decisions are the two ways out.
    const task = await openTaskOf(testUsers.tecnico, 'BPMN-1');
    expect(task).toMatchObject({ nodeId: 'ANALISIS_TECNICO', assignee: null, candidateGroups: ['tecnico'] });
    expect((await inbox(testUsers.tramitador, '?fileCode=BPMN-1')).total).toBe(0);
    const detail = (await http('GET', `/api/tasks/${task!.taskId}`, testUsers.tecnico)).body as TaskResource;
    expect(detail.decisions?.map((d) => [d.to.code, d.allowed])).toEqual([
      ['VALIDADO', true],
      ['RECHAZADO', true],
    ]);
    expect((await http('POST', `/api/tasks/${task!.taskId}/complete`, testUsers.tecnico, {})).body).toMatchObject({ code: 'decision-required' });
    expect((await http('POST', `/api/tasks/${task!.taskId}/claim`, testUsers.tecnico)).body).toMatchObject({ assignee: 'tecnico' });
    const completed = await http('POST', `/api/tasks/${task!.taskId}/complete`, testUsers.tecnico, { decision: 'RECHAZADO' });
    expect(completed.body).toMatchObject({ state: 'completed', endedBy: { username: 'tecnico' } });

    // RECHAZADO: back to INICIAL for a tramitador, or FINALIZADO for a validador.
    const rejected = await openTaskOf(testUsers.validador, 'BPMN-1');
    const forValidador = (await http('GET', `/api/tasks/${rejected!.taskId}`, testUsers.validador)).body as TaskResource;
    expect(forValidador.decisions?.map((d) => [d.to.code, d.allowed])).toEqual([
      ['INICIAL', false],
      ['FINALIZADO', true],
    ]);
    expect((await http('POST', `/api/tasks/${rejected!.taskId}/complete`, testUsers.validador, { decision: 'INICIAL' })).status).toBe(403);
    expect((await http('POST', `/api/tasks/${rejected!.taskId}/complete`, testUsers.validador, { decision: 'FINALIZADO' })).status).toBe(200);

    const process = (await http('GET', '/api/files/BPMN-1/process', testUsers.consulta)).body;
    expect(process.finished).toBe(true);
    expect(process.history.map((step: { phase: { code: string } }) => step.phase.code)).toEqual(['INICIAL', 'ANALISIS_TECNICO', 'RECHAZADO', 'FINALIZADO']);
    const diagram = (await http('GET', '/api/files/BPMN-1/process/diagram', testUsers.consulta)).body as ProcessDiagramResource;
    expect(diagram).toMatchObject({ procedure: { code: 'EXPEDIENTE', version: 2, organism: null }, active: [], incidents: [] });
    expect(diagram.runs).toMatchObject({ INICIAL: 1, ANALISIS_TECNICO: 1, RECHAZADO: 1 });
  });

  it("answers another organism's tasks and diagram as missing ones, and lists none of them", async () => {
    await createProcess({ processId: newId(), fileCode: 'BPMN-2' });
    const task = await openTaskOf(testUsers.tramitador, 'BPMN-2');
    expect((await inbox(outsider)).items.filter((t) => t.fileCode === 'BPMN-2')).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/api/tasks/${task!.taskId}`, undefined],
      ['POST', `/api/tasks/${task!.taskId}/claim`, undefined],
      ['POST', `/api/tasks/${task!.taskId}/delegate`, { to: 'olga' }],
      ['POST', `/api/tasks/${task!.taskId}/complete`, { decision: 'ANALISIS_TECNICO' }],
      ['GET', '/api/files/BPMN-2/process/diagram', undefined],
    ] as const) {
      expect((await http(method, path, outsider, body)).status).toBe(404);
    }
    expect(await openTaskOf(testUsers.tramitador, 'BPMN-2')).toMatchObject({ assignee: null, state: 'open', version: 1 });
  });
});

const TIMED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="SUBSANACION" name="Subsanación con plazo" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="APORTAR" />
    <bpmn:userTask id="APORTAR" name="Aportar documentación" camunda:candidateGroups="tramitador" />
    <bpmn:boundaryEvent id="plazo" attachedToRef="APORTAR">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT0.3S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="APORTAR" targetRef="fin" />
    <bpmn:sequenceFlow id="f3" sourceRef="plazo" targetRef="DESISTIMIENTO" />
    <bpmn:userTask id="DESISTIMIENTO" name="Declarar el desistimiento" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f4" sourceRef="DESISTIMIENTO" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;

describe('a deployed procedure with a timer', () => {
  it('deploys once (an identical file is a no-op), and its timer moves the expediente on exactly once', async () => {
    const deployed = await http('POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, TIMED, 'application/xml');
    expect(deployed.status).toBe(201);
    expect(deployed.body.procedures).toEqual([{ code: 'SUBSANACION', name: 'Subsanación con plazo', version: 1, unchanged: false }]);
    const again = await http('POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, TIMED, 'application/xml');
    expect([again.status, again.body.procedures[0].unchanged]).toEqual([200, true]);

    await createProcess({ processId: newId(), fileCode: 'PLAZO-1', procedureCode: 'SUBSANACION' });
    const process = await waitFor(async () => {
      const current = (await http('GET', '/api/files/PLAZO-1/process', testUsers.consulta)).body;
      return current.phase?.code === 'DESISTIMIENTO' ? current : undefined;
    }, 'the timer to move PLAZO-1 on');
    expect(
      process.history.map((step: { phase: { code: string }; finishedBy: { username: string } | null }) => [step.phase.code, step.finishedBy?.username ?? null]),
    ).toEqual([
      ['APORTAR', 'bpm-timer'],
      ['DESISTIMIENTO', null],
    ]);
    // Later ticks find nothing more to fire.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await http('GET', '/api/files/PLAZO-1/process', testUsers.consulta)).body.version).toBe(process.version);
    expect((await inbox(testUsers.tramitador, '?fileCode=PLAZO-1')).items.map((t) => t.nodeId)).toEqual(['DESISTIMIENTO']);
  });

  it('refuses a file with elements outside the subset with every one listed, and stores nothing', async () => {
    const unsupported = TIMED.replace(
      '<bpmn:userTask id="DESISTIMIENTO"',
      '<bpmn:inclusiveGateway id="G1" /><bpmn:receiveTask id="R1" /><bpmn:userTask id="DESISTIMIENTO"',
    ).replaceAll('SUBSANACION', 'OTRA');
    const refused = await http('POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, unsupported, 'application/xml');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('bpmn-not-executable');
    expect(refused.body.problems.map((p: { elementId: string; type: string }) => [p.elementId, p.type])).toEqual(
      expect.arrayContaining([
        ['G1', 'bpmn:InclusiveGateway'],
        ['R1', 'bpmn:ReceiveTask'],
      ]),
    );
    expect((await http('GET', '/api/procedures/OTRA', testUsers.admin)).status).toBe(404);
  });
});

const GATED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
  <bpmn:process id="AYUDA" name="Ayuda por importe" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cuantia" />
    <bpmn:exclusiveGateway id="cuantia" name="¿Cuantía?" />
    <bpmn:sequenceFlow id="baja" sourceRef="cuantia" targetRef="RESOLVER"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${importe &lt; 3000}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="alta" sourceRef="cuantia" targetRef="FISCALIZAR"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${importe &gt;= 6000}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="RESOLVER" name="Resolver" camunda:candidateGroups="tramitador" />
    <bpmn:userTask id="FISCALIZAR" name="Fiscalizar" camunda:candidateGroups="validador" />
    <bpmn:sequenceFlow id="f2" sourceRef="RESOLVER" targetRef="fin" />
    <bpmn:sequenceFlow id="f3" sourceRef="FISCALIZAR" targetRef="fin" />
    <bpmn:endEvent id="fin" />
  </bpmn:process>
</bpmn:definitions>`;

describe('incidents (ADR 0015, point 5)', () => {
  it('shows a stuck token in the diagram and lets an administrator of the organism retry it once the data are fixed', async () => {
    expect((await http('POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, GATED, 'application/xml')).status).toBe(201);
    await createProcess({ processId: newId(), fileCode: 'AYUDA-1', procedureCode: 'AYUDA' });
    const diagram = (await http('GET', '/api/files/AYUDA-1/process/diagram', testUsers.consulta)).body as ProcessDiagramResource;
    expect(diagram.incidents).toEqual([{ incidentId: expect.any(String), nodeId: 'cuantia', message: expect.stringMatching(/importe/) }]);
    const incidentId = diagram.incidents[0]!.incidentId!;

    expect((await http('POST', `/api/incidents/${incidentId}/retry`, outsider, { variables: { importe: 100 } })).status).toBe(404);
    expect((await http('POST', `/api/incidents/${incidentId}/retry`, testUsers.tramitador, { variables: { importe: 100 } })).status).toBe(403);
    // Still no way out: a new incident says so.
    const still = await http('POST', `/api/incidents/${incidentId}/retry`, testUsers.admin, { variables: { importe: 4000 } });
    expect(still.body).toMatchObject({ resolved: true, incidents: [{ nodeId: 'cuantia' }] });
    const again = still.body.incidents[0].incidentId as string;
    const fixed = await http('POST', `/api/incidents/${again}/retry`, testUsers.admin, { variables: { importe: 100 } });
    expect(fixed.body).toEqual({ resolved: true, incidents: [] });
    expect((await http('POST', `/api/incidents/${again}/retry`, testUsers.admin, {})).status).toBe(404);
    expect(await openTaskOf(testUsers.tramitador, 'AYUDA-1')).toMatchObject({ nodeId: 'RESOLVER' });
    expect((await http('GET', '/api/files/AYUDA-1/process', testUsers.consulta)).body.phase.code).toBe('RESOLVER');
  });
});

describe('the corpus through the HTTP API', () => {
  it('deploys every runnable file and refuses every other with 422 and its elements listed: never a 5xx', async () => {
    const corpus = new URL('../../../packages/bpmn/corpus/', import.meta.url);
    const expectations = JSON.parse(await readFile(new URL('expectations.json', corpus), 'utf8')) as Record<
      string,
      { refused?: { elementId: string | null }[] }
    >;
    expect(Object.keys(expectations).length).toBeGreaterThanOrEqual(25);
    for (const [file, expectation] of Object.entries(expectations)) {
      const xml = await readFile(new URL(file, corpus), 'utf8');
      const answer = await http('POST', `/api/procedures?organism=${TEST_ORGANISM}`, testUsers.admin, xml, 'application/xml');
      if (expectation.refused) {
        expect([file, answer.status, answer.body.code]).toEqual([file, 422, 'bpmn-not-executable']);
        expect(answer.body.problems.map((p: { elementId: string | null }) => p.elementId)).toEqual(
          expect.arrayContaining(expectation.refused.map((r) => r.elementId)),
        );
      } else {
        expect([file, answer.status]).toEqual([file, 201]);
      }
    }
  });
});
