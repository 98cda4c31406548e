import { ApiClient } from './api-client.ts';
import { operationsOf, probeAll, unprobedOperations, type OwnResources, type VictimResources, type Violation } from './bola-probe.ts';
import { tinyPdf } from './create-expediente.ts';
import { eventually } from './net.ts';
import { loginWithPkce } from './oidc-login.ts';
import { startPlazoMonthAgo } from './plazos-procedure.ts';

/**
 * The BOLA suite's scenario (issue 12), for the all-in-one system and the distributed stack alike:
 * a second organism with a user of every role, an expediente of it with a document, an
 * interesado and a relation, and an initial option and a procedure of its own catalogues; then
 * every user of every role of the first organism calls every operation of the public API
 * document on those resources. Every answer must be 404 or 403, no list may show them, and
 * nothing of them may change.
 */

export const ROLES = ['tramitador', 'tecnico', 'validador', 'admin', 'consulta'] as const;
const VICTIM_ORGANISM = 'L01280796';
const VICTIM_UNIT = 'LA0012345';
/** A NIF only the second organism's expediente holds. */
const VICTIM_NIF = '87654321X';
/** The second organism's own initial option and procedure. */
const VICTIM_OPTION = 'BOLA-VENTANILLA-B';
const VICTIM_PROCEDURE = 'BOLA_LICENCIAS_B';
const VICTIM_BPMN_PROCEDURE = 'BOLA_OBRAS_B';
/** A BPMN procedure only the second organism has (ADR 0015). */
const VICTIM_BPMN_OPTION = 'BOLA_OBRAS_B';
/** A BPMN procedure only the second organism has (ADR 0015); its gateway needs `importe`, so a new expediente on it is stuck in an incident. */
const VICTIM_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Obras" targetNamespace="urn:obras">
  <bpmn:process id="${VICTIM_BPMN_PROCEDURE}" name="Obras menores del ayuntamiento" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="cuantia" />
    <bpmn:exclusiveGateway id="cuantia" />
    <bpmn:sequenceFlow id="f2" sourceRef="cuantia" targetRef="REVISION"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${importe &lt; 3000}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="REVISION" name="Revisión" camunda:candidateGroups="tecnico" />
    <bpmn:sequenceFlow id="f3" sourceRef="REVISION" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;
/** The first organism's own interesado. */
const OWN_NIF = '12345678Z';

export interface BolaOutcome {
  /** Operations of the API document that the suite neither probes nor skips on purpose. */
  unprobed: string[];
  probes: number;
  violations: Violation[];
  /** What the second organism's resources looked like before and after the probes. */
  before: string;
  after: string;
}

export async function runBolaScenario(baseUrl: string, password: string): Promise<BolaOutcome> {
  const login = async (username: string, secret = password) =>
    new ApiClient(baseUrl, (await loginWithPkce({ baseUrl, username, password: secret, redirectUri: `${baseUrl}/callback` })).accessToken);

  // 1. The second organism, with a unit and a user of every role (the platform administrator's work).
  const platform = await login('admin');
  await expectStatus(platform.request('POST', '/api/organisms', { code: VICTIM_ORGANISM, name: 'Ayuntamiento de prueba' }), [201, 409]);
  await expectStatus(platform.request('POST', `/api/organisms/${VICTIM_ORGANISM}/units`, { code: VICTIM_UNIT, name: 'Urbanismo' }), [201, 409]);
  const victimPassword = `Bola-${Math.random().toString(36).slice(2)}-Clave-Larga`;
  // The first organism's administrator: `admin` of it, not of the platform (the seeded `admin`
  // also manages organisms, so it is no outsider to the second one).
  await expectStatus(
    platform.request('POST', '/api/users', { username: 'a-admin', givenName: 'Adela', familyName: 'Propia', roles: ['admin'], password: victimPassword }),
    [201],
  );
  for (const role of ROLES) {
    const username = `b-${role}`;
    await expectStatus(
      platform.request('POST', '/api/users', { username, givenName: 'Beatriz', familyName: `Otra ${role}`, roles: ['consulta'], password: victimPassword }),
      [201],
    );
    await expectStatus(platform.request('PUT', `/api/organisms/${VICTIM_ORGANISM}/members/${username}`, { roles: [role], units: [VICTIM_UNIT] }), [200, 201]);
  }

  // Their own catalogue entries: an initial option and a procedure only they see (ADR 0013, point 7).
  const victimAdmin = await login('b-admin', victimPassword);
  await expectStatus(
    victimAdmin.request('POST', '/api/initial-options', { code: VICTIM_OPTION, name: 'Ventanilla del ayuntamiento', organism: VICTIM_ORGANISM }),
    [201, 409],
  );
  await expectStatus(
    victimAdmin.request('POST', '/api/procedures', {
      code: VICTIM_PROCEDURE,
      name: 'Licencias del ayuntamiento',
      organism: VICTIM_ORGANISM,
      phases: [
        { code: 'SOLICITADA', name: 'Solicitada', initial: true },
        { code: 'RESUELTA', name: 'Resuelta', terminal: true },
      ],
      transitions: [{ from: 'SOLICITADA', to: 'RESUELTA', role: 'validador' }],
    }),
    [201],
  );

  await expectStatus(
    victimAdmin.request('POST', `/api/procedures?organism=${VICTIM_ORGANISM}`, VICTIM_BPMN, { 'content-type': 'application/xml' }),
    [200, 201],
  );
  await expectStatus(
    victimAdmin.request('POST', '/api/initial-options', {
      code: VICTIM_BPMN_OPTION,
      name: 'Obras menores',
      organism: VICTIM_ORGANISM,
      procedureCode: VICTIM_BPMN_PROCEDURE,
    }),
    [201, 409],
  );

  // 2. Their expediente (its saga, a document, an interesado, a relation, its open task) and one of the first organism's own.
  const victimWorker = await login('b-tramitador', victimPassword);
  const own = await login('agat');
  const ownCode = `OWN-${Date.now()}`;
  const victim = await createWithEverything(victimWorker, `BOLA-${Date.now()}`, VICTIM_NIF);
  await createWithEverything(own, ownCode, OWN_NIF);
  const resources: VictimResources = {
    organism: VICTIM_ORGANISM,
    unit: VICTIM_UNIT,
    username: 'b-admin',
    document: VICTIM_NIF,
    optionCode: VICTIM_OPTION,
    procedureCode: VICTIM_PROCEDURE,
    bpmnProcedureCode: VICTIM_BPMN_PROCEDURE,
    ...victim,
    incidentId: await stuckExpediente(victimWorker, `${victim.code}-C`),
  };
  const mine: OwnResources = { organism: 'E00000000', code: ownCode };

  const before = await snapshot(victimWorker, resources);
  const document = (await (await own.request('GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = operationsOf(document);
  let probes = 0;
  const violations: Violation[] = [];
  const outsiders: [string, string][] = [
    ['agat', password],
    ['tramitador', password],
    ['tecnico', password],
    ['validador', password],
    ['consulta', password],
    ['user', password],
    ['a-admin', victimPassword],
  ];
  for (const [username, secret] of outsiders) {
    const outcome = await probeAll(await login(username, secret), username, operations, resources, mine);
    probes += outcome.probes;
    violations.push(...outcome.violations);
  }
  return { unprobed: unprobedOperations(operations, resources, mine), probes, violations, before, after: await snapshot(victimWorker, resources) };

  async function createWithEverything(api: ApiClient, code: string, nif: string) {
    const uploaded = await api.upload(`${code}.pdf`, tinyPdf(code));
    const { id: documentId } = (await uploaded.json()) as { id: string };
    const created = await api.request('POST', '/api/files', { code, initialOption: 'SEDE', description: `Expediente ${code}`, documents: [documentId] });
    if (created.status !== 202) throw new Error(`create ${code}: HTTP ${created.status}: ${await created.text()}`);
    const { sagaId } = (await created.json()) as { sagaId: string };
    await eventually(`saga of ${code}`, async () =>
      (await api.json<{ status: string }>('GET', `/api/sagas/${sagaId}`)).status === 'completed' ? true : undefined,
    );
    const interesado = await api.json<{ id: string }>(
      'POST',
      `/api/files/${code}/interesados`,
      { document: nif, name: 'Persona Interesada, Ana', role: 'solicitante', channel: 'electronic', email: 'ana@example.org' },
      201,
    );
    const sibling = `${code}-B`;
    await createSibling(api, sibling);
    const relation = await api.json<{ id: string }>('POST', `/api/files/${code}/relations`, { kind: 'antecedente', code: sibling }, 201);
    const tasks = await api.json<{ items: { taskId: string }[] }>('GET', `/api/tasks?fileCode=${code}`, undefined, 200);
    const taskId = tasks.items[0]?.taskId;
    if (!taskId) throw new Error(`no open task for ${code}`);
    // Its maximum plazo, suspended by a recusación (art. 22.2.c) still open (ADR 0016).
    const plazos = await api.json<{ items: { plazoId: string; kind: string }[] }>('GET', `/api/files/${code}/plazos`, undefined, 200);
    const plazoId = plazos.items.find((plazo) => plazo.kind === 'MAXIMO')?.plazoId;
    if (!plazoId) throw new Error(`no maximum plazo for ${code}`);
    await startPlazoMonthAgo(api, code, plazoId);
    const suspended = await api.json<{ suspensions: { id: string }[] }>(
      'POST',
      `/api/files/${code}/plazos/${encodeURIComponent(plazoId)}/suspensions`,
      { cause: '22.2.c', note: 'Recusación planteada' },
      201,
    );
    const suspensionId = suspended.suspensions[0]!.id;
    return { code, sagaId, documentId, interesadoId: interesado.id, relationId: relation.id, taskId, plazoId, suspensionId };
  }

  /** An expediente on their BPMN procedure, stuck at its gateway: the incident's id. */
  async function stuckExpediente(api: ApiClient, code: string): Promise<string> {
    const uploaded = await api.upload(`${code}.pdf`, tinyPdf(code));
    const { id } = (await uploaded.json()) as { id: string };
    const created = await api.request('POST', '/api/files', { code, initialOption: VICTIM_BPMN_OPTION, documents: [id] });
    if (created.status !== 202) throw new Error(`create ${code}: HTTP ${created.status}: ${await created.text()}`);
    const { sagaId } = (await created.json()) as { sagaId: string };
    await eventually(`saga of ${code}`, async () =>
      (await api.json<{ status: string }>('GET', `/api/sagas/${sagaId}`)).status === 'completed' ? true : undefined,
    );
    const diagram = await api.json<{ incidents: { incidentId?: string }[] }>('GET', `/api/files/${code}/process/diagram`, undefined, 200);
    const incidentId = diagram.incidents[0]?.incidentId;
    if (!incidentId) throw new Error(`no incident on ${code}`);
    return incidentId;
  }

  async function createSibling(api: ApiClient, code: string) {
    const uploaded = await api.upload(`${code}.pdf`, tinyPdf(code));
    const { id } = (await uploaded.json()) as { id: string };
    const created = await api.request('POST', '/api/files', { code, initialOption: 'SEDE', documents: [id] });
    const { sagaId } = (await created.json()) as { sagaId: string };
    await eventually(`saga of ${code}`, async () =>
      (await api.json<{ status: string }>('GET', `/api/sagas/${sagaId}`)).status === 'completed' ? true : undefined,
    );
  }
}

/** Everything of the second organism the probes could have changed, as its own case worker reads it. */
async function snapshot(api: ApiClient, victim: VictimResources): Promise<string> {
  const read = async (path: string) => {
    const response = await api.request('GET', path);
    return `${path} ${response.status} ${await response.text()}`;
  };
  const parts = await Promise.all([
    read(`/api/files/${victim.code}/record`),
    read(`/api/files/${victim.code}/process`),
    read(`/api/docs?fileCode=${victim.code}`),
    read(`/api/files/${victim.code}/interesados`),
    read(`/api/files/${victim.code}/interesados/history`),
    read(`/api/files/${victim.code}/relations`),
    read(`/api/docs/${victim.documentId}`),
    read('/api/initial-options'),
    read('/api/procedures'),
    read(`/api/procedures/${victim.procedureCode}`),
    read(`/api/procedures/${victim.bpmnProcedureCode}/bpmn`),
    read(`/api/tasks?fileCode=${victim.code}`),
    read(`/api/tasks/${victim.taskId}`),
    read(`/api/files/${victim.code}/process/diagram`),
    read(`/api/files/${victim.code}-C/process/diagram`),
    read(`/api/files/${victim.code}/plazos`),
    read(`/api/docs/${victim.documentId}/versions`),
    read(`/api/calendars/${victim.organism}`),
  ]);
  return parts.join('\n');
}

async function expectStatus(pending: Promise<Response>, allowed: number[]): Promise<void> {
  const response = await pending;
  if (!allowed.includes(response.status)) throw new Error(`${response.url}: HTTP ${response.status}: ${await response.text()}`);
}
