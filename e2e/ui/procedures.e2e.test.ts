import { describe, expect, it } from 'vitest';
import { urlMatches } from '../support/url.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/** A BPMN 2.0 file with one user task and its diagram, as a modeller saves it; `extra` goes inside the process. */
function bpmnFile(processId: string, name: string, extra = ''): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Inicio" name="Solicitud recibida"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Revision" name="Revisión de la solicitud" camunda:candidateGroups="tramitador">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="Fin" name="Resuelta"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Inicio" targetRef="Revision" />
    <bpmn:sequenceFlow id="f2" sourceRef="Revision" targetRef="Fin" />${extra}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Inicio_di" bpmnElement="Inicio"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Revision_di" bpmnElement="Revision"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Fin_di" bpmnElement="Fin"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`);
}

describe('the web UI in Chromium: the procedures page', () => {
  const ui = useBrowserSystem();
  const processId = `LICENCIA_E2E_${Date.now()}`;

  it('deploys a BPMN file (a refused one listing its problems, an identical one changing nothing) and draws its diagram', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Procedimientos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Procedimientos' }).waitFor();
    const list = page.getByRole('table', { name: 'Procedimientos con sus versiones y formato' });
    await expect(list.getByRole('row', { name: /Tramitación de expediente/ }).innerText()).resolves.toContain('BPMN 2.0');

    // A file with an element the engine does not run: refused whole, each problem in the table.
    const deploy = page.getByRole('form', { name: 'Desplegar un archivo BPMN' });
    const input = deploy.getByLabel(/Archivo BPMN 2.0/);
    const inclusive = `
    <bpmn:inclusiveGateway id="PasarelaInclusiva" />`;
    await input.setInputFiles({
      name: 'con-pasarela-inclusiva.bpmn',
      mimeType: 'application/octet-stream',
      buffer: bpmnFile(processId, 'Licencia de prueba', inclusive),
    });
    await deploy.getByRole('button', { name: 'Desplegar' }).click();
    await page.getByRole('alert').filter({ hasText: 'No se ha desplegado con-pasarela-inclusiva.bpmn' }).waitFor();
    const problems = page.getByRole('table', { name: 'Problemas de con-pasarela-inclusiva.bpmn' });
    const problem = problems.getByRole('row', { name: /PasarelaInclusiva/ });
    await expect(problem.innerText()).resolves.toMatch(/PasarelaInclusiva\s+bpmn:InclusiveGateway\s+\d+/);
    await checkPage(page, 'procedures-refused');

    // The same process without it: a new procedure, version 1; sent again, nothing changes.
    await input.setInputFiles({ name: 'licencia.bpmn', mimeType: 'application/octet-stream', buffer: bpmnFile(processId, 'Licencia de prueba') });
    await deploy.getByRole('button', { name: 'Desplegar' }).click();
    await page.getByText('Se ha desplegado licencia.bpmn.').waitFor();
    const result = page.getByRole('table', { name: 'Procedimientos de licencia.bpmn' });
    await expect(result.getByRole('row', { name: /Licencia de prueba/ }).innerText()).resolves.toContain('Nueva versión 1');
    await list.getByRole('row', { name: /Licencia de prueba/ }).waitFor();
    await deploy.getByRole('button', { name: 'Desplegar' }).click();
    await result
      .getByRole('row', { name: /Licencia de prueba/ })
      .filter({ hasText: 'Sin cambios: sigue en la versión 1' })
      .waitFor();

    // Its diagram as deployed, no expediente's state on it, the bpmn.io logo in view.
    await list.getByRole('button', { name: 'Ver diagrama de Licencia de prueba, versión 1' }).click();
    const figure = page.getByRole('figure', { name: `Diagrama de Licencia de prueba (${processId}), versión 1` });
    await figure.locator('[data-element-id="Revision"]').waitFor();
    expect(await figure.locator('.phase-done, .phase-active, .diagram-badge').count()).toBe(0);
    await figure.locator('.bjs-powered-by').waitFor({ state: 'visible' });
    await checkPage(page, 'procedures');
  }, 180_000);
});
