import type { ApiClient } from './api-client.ts';

/**
 * A procedure with legal plazos for the end-to-end tests (issue 14, ADR 0016): a 3-month maximum plazo
 * (art. 21) with negative silence, managed by the tramitadores, and a first user task "Subsanar la
 * solicitud" of 10 días hábiles (art. 68), then "Resolver"; with its diagram, so the detail draws it.
 */
export const plazosProcedure = (id: string, name: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:tramita="urn:tramita:bpmn:1.0"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="PlazosE2e" targetNamespace="urn:tramita:e2e">
  <bpmn:process id="${id}" name="${name}" isExecutable="true"
      tramita:plazoMaximo="3 meses" tramita:iniciacion="solicitud" tramita:efectoVencimiento="silencio-negativo" tramita:gestoresPlazo="tramitador">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="SUBSANAR" />
    <bpmn:userTask id="SUBSANAR" name="Subsanar la solicitud" camunda:candidateGroups="tramitador" tramita:plazo="10 días hábiles" />
    <bpmn:sequenceFlow id="f2" sourceRef="SUBSANAR" targetRef="RESOLVER" />
    <bpmn:userTask id="RESOLVER" name="Resolver" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="f3" sourceRef="RESOLVER" targetRef="fin" />
    <bpmn:endEvent id="fin" name="Fin" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="PlazosE2e_di">
    <bpmndi:BPMNPlane id="PlazosE2e_plane" bpmnElement="${id}">
      <bpmndi:BPMNShape id="inicio_di" bpmnElement="inicio"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="SUBSANAR_di" bpmnElement="SUBSANAR"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="RESOLVER_di" bpmnElement="RESOLVER"><dc:Bounds x="392" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fin_di" bpmnElement="fin"><dc:Bounds x="544" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="492" y="120" /><di:waypoint x="544" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/**
 * Sets the maximum plazo's dies a quo a month back, as a solicitud that entered the competent
 * body's registry then (art. 21.3.b). A plazo opened now may start counting only on the next día
 * hábil (on the eve of a long weekend, days later), and a suspension cannot begin before its plazo
 * does: tests that suspend one call this first, so they pass whatever day and hour they run.
 */
export async function startPlazoMonthAgo(api: ApiClient, code: string, plazoId: string): Promise<void> {
  const monthAgo = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
  await api.json(
    'PUT',
    `/api/files/${code}/plazos/${encodeURIComponent(plazoId)}/start`,
    { startedAt: monthAgo, basis: 'ENTRADA_REGISTRO', note: 'Solicitud registrada' },
    200,
  );
}
