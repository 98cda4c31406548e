import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessResource } from '@tramita/contracts';
import { ApiClient } from './support/api-client.ts';
import { tinyPdf } from './support/create-expediente.ts';
import { eventually } from './support/net.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/**
 * Issue 13, point 1: deploying an initial option that names an unknown procedure is refused. files
 * asks bpm over HTTP (the all-in-one tells files where bpm listens), with the admin's own token.
 */
const ORGANISM = 'E00000000';
const bpmnProcess = (id: string, name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Def_${id}" targetNamespace="urn:tramita:e2e">
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="REVISAR" />
    <bpmn:userTask id="REVISAR" name="Revisar la solicitud" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f2" sourceRef="REVISAR" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
</bpmn:definitions>`;

describe("an initial option's procedure must be deployed (issue 13, point 1, all-in-one)", () => {
  let tramita: TestTramita;
  let admin: ApiClient;
  const login = async (username: string) =>
    new ApiClient(
      tramita.url,
      (await loginWithPkce({ baseUrl: tramita.url, username, password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` })).accessToken,
    );
  const optionCodes = async () => (await admin.json<{ items: { code: string }[] }>('GET', '/api/initial-options', undefined, 200)).items.map((o) => o.code);
  const deploy = async (xml: string, organism?: string) => {
    const deployed = await admin.request('POST', `/api/procedures${organism ? `?organism=${organism}` : ''}`, xml, { 'content-type': 'application/xml' });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
  };

  beforeAll(async () => {
    tramita = await startTramita();
    admin = await login('admin');
    await deploy(bpmnProcess('OPC_REVISION', 'Revisión compartida'));
    await deploy(bpmnProcess('OPC_PROPIO', 'Revisión del organismo'), ORGANISM);
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  it('refuses an option naming a procedure bpm does not run with 422 unknown-procedure, storing nothing', async () => {
    const refused = await admin.request('POST', '/api/initial-options', { code: 'OPC-FANTASMA', name: 'Fantasma', procedureCode: 'NO_DESPLEGADO' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'unknown-procedure', procedureCode: 'NO_DESPLEGADO' });
    const ownRefused = await admin.request('POST', '/api/initial-options', {
      code: 'OPC-FANTASMA',
      name: 'Fantasma',
      procedureCode: 'NO_DESPLEGADO',
      organism: ORGANISM,
    });
    expect(ownRefused.status).toBe(422);
    expect(await optionCodes()).not.toContain('OPC-FANTASMA');
  });

  it("refuses a shared option naming an organism's procedure, and takes it in that organism's catalogue", async () => {
    const shared = await admin.request('POST', '/api/initial-options', { code: 'OPC-PROPIA', name: 'Propia', procedureCode: 'OPC_PROPIO' });
    expect(shared.status).toBe(422);
    expect(await shared.json()).toMatchObject({ code: 'unknown-procedure', organism: null });
    const own = await admin.request('POST', '/api/initial-options', { code: 'OPC-PROPIA', name: 'Propia', procedureCode: 'OPC_PROPIO', organism: ORGANISM });
    expect(own.status).toBe(201);
  });

  it('takes an option naming a deployed BPMN procedure, and an expediente on it opens that procedure', async () => {
    const added = await admin.request('POST', '/api/initial-options', { code: 'OPC-REVISION', name: 'Revisión', procedureCode: 'OPC_REVISION' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ code: 'OPC-REVISION', procedureCode: 'OPC_REVISION', organism: null });

    const user = await login('user');
    const uploaded = await user.upload('opc-1.pdf', tinyPdf('OPC-1'));
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const created = await user.request('POST', '/api/files', { code: 'OPC-1', initialOption: 'OPC-REVISION', documents: [id] });
    expect(created.status).toBe(202);
    const saga = created.headers.get('location')!;
    const status = await eventually('the saga of OPC-1', async () => {
      const current = await user.json<{ status: string }>('GET', saga, undefined, 200);
      return current.status === 'running' ? undefined : current.status;
    });
    expect(status).toBe('completed');
    const process = await user.json<ProcessResource>('GET', '/api/files/OPC-1/process', undefined, 200);
    expect(process.procedure).toMatchObject({ code: 'OPC_REVISION', version: 1 });
    expect(process.phase.code).toBe('REVISAR');
  });
});
