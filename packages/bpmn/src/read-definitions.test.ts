import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FlowNode, ProcessModel, UserTaskNode } from './model.ts';
import { readDefinitions, type ExpressionChecks } from './read-definitions.ts';

/** Stand-ins for the real checks: anything containing MAL is refused, so the wiring can be seen. */
const checks: ExpressionChecks = {
  condition: (text) => (text.includes('MAL') ? 'condición mal escrita' : null),
  value: (text) => (text.includes('MAL') ? 'valor mal escrito' : null),
  timer: (timer) => (timer.text.includes('MAL') ? `${timer.form} mal escrito` : null),
};

const NS = {
  bpmn: 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  xsi: 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  camunda: 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  zeebe: 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  flowable: 'xmlns:flowable="http://flowable.org/bpmn"',
  activiti: 'xmlns:activiti="http://activiti.org/bpmn"',
  tramita: 'xmlns:tramita="urn:tramita:bpmn:1.0"',
};
type Vendor = 'camunda' | 'zeebe' | 'flowable' | 'activiti';

/** A definitions document holding the given process content (or whole processes when `raw`). */
function file(content: string, options: { vendors?: Vendor[]; raw?: boolean; after?: string } = {}): string {
  const namespaces = [NS.bpmn, NS.xsi, NS.tramita, ...(options.vendors ?? []).map((vendor) => NS[vendor])].join(' ');
  const processes = options.raw === true ? content : `<bpmn:process id="Proceso" isExecutable="true">\n${content}\n</bpmn:process>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${namespaces} id="Definiciones" targetNamespace="urn:prueba">\n${processes}\n${options.after ?? ''}\n</bpmn:definitions>\n`;
}

/** start → (the given task, id T) → end. */
function aroundTask(task: string): string {
  return `<bpmn:startEvent id="S" />
<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T" />
${task}
<bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E" />
<bpmn:endEvent id="E" />`;
}

function only(reading: { processes: ProcessModel[] }): ProcessModel {
  expect(reading.processes).toHaveLength(1);
  const [process] = reading.processes;
  if (process === undefined) throw new Error('no process');
  return process;
}

function node<K extends FlowNode['kind']>(process: ProcessModel, id: string, kind: K): Extract<FlowNode, { kind: K }> {
  const found = process.nodes[id];
  expect(found?.kind).toBe(kind);
  return found as Extract<FlowNode, { kind: K }>;
}

async function userTask(xml: string): Promise<UserTaskNode> {
  const reading = await readDefinitions(xml, checks);
  expect(reading.problems).toEqual([]);
  return node(only(reading), 'T', 'userTask');
}

describe('readDefinitions: the shipped procedure', () => {
  it('reads the expediente procedure: phases as user tasks, decisions as conditioned flows reserved to a role', async () => {
    const xml = await readFile(new URL('../../../services/bpm/src/procedures/expediente.bpmn', import.meta.url), 'utf8');
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([]);
    expect(reading.warnings).toEqual([]);
    const process = only(reading);
    expect(process).toMatchObject({ id: 'EXPEDIENTE', name: 'Tramitación de expediente', dialect: 'camunda7' });
    const phases = Object.values(process.nodes).filter((candidate) => candidate.kind === 'userTask');
    expect(Object.fromEntries(phases.map((phase) => [phase.id, [phase.name, phase.assignment.candidateGroups]]))).toEqual({
      INICIAL: ['Fase inicial', ['tramitador']],
      ANALISIS_TECNICO: ['Fase de análisis técnico', ['tecnico']],
      VALIDADO: ['Fase de validación', ['validador']],
      RECHAZADO: ['Fase rechazado', ['tramitador', 'validador']],
    });
    expect(node(process, 'FINALIZADO', 'end')).toMatchObject({ name: 'Finalizado', terminate: false });

    // Every transition, as (from phase, to, role): straight flows take the task's role, decisions the flow's own.
    const transitions = Object.values(process.flows).flatMap((flow) => {
      const source = process.nodes[flow.source];
      if (source?.kind === 'userTask' && process.nodes[flow.target]?.kind !== 'exclusiveGateway')
        return [[source.id, flow.target, source.assignment.candidateGroups.join(','), flow.condition]];
      if (source?.kind !== 'exclusiveGateway') return [];
      const task = process.flows[source.incoming[0] ?? '']?.source ?? '';
      return [[task, flow.target, flow.candidateGroups.join(','), flow.condition]];
    });
    expect(transitions).toEqual(
      expect.arrayContaining([
        ['INICIAL', 'ANALISIS_TECNICO', 'tramitador', null],
        ['ANALISIS_TECNICO', 'VALIDADO', 'tecnico', "${siguienteFase == 'VALIDADO'}"],
        ['ANALISIS_TECNICO', 'RECHAZADO', 'tecnico', "${siguienteFase == 'RECHAZADO'}"],
        ['VALIDADO', 'FINALIZADO', 'validador', null],
        ['RECHAZADO', 'INICIAL', 'tramitador', "${siguienteFase == 'INICIAL'}"],
        ['RECHAZADO', 'FINALIZADO', 'validador', "${siguienteFase == 'FINALIZADO'}"],
      ]),
    );
    expect(transitions).toHaveLength(6);
  });
});

describe('readDefinitions: assignment, dates and forms per dialect', () => {
  it('reads Camunda 7 attributes, with lists split and trimmed', async () => {
    const task = await userTask(
      file(
        aroundTask(`<bpmn:userTask id="T" name="Revisar" camunda:assignee="\${tramitador}" camunda:candidateUsers="ana,luis " camunda:candidateGroups="registro, tecnico"
          camunda:dueDate="P10D" camunda:priority="60" camunda:formKey="embedded:app:forms/revisar.html" tramita:calendar="laborables">
          <bpmn:documentation>Comprobar la solicitud</bpmn:documentation></bpmn:userTask>`),
        { vendors: ['camunda'] },
      ),
    );
    expect(task).toMatchObject({
      name: 'Revisar',
      assignment: { assignee: '${tramitador}', candidateUsers: ['ana', 'luis'], candidateGroups: ['registro', 'tecnico'], source: 'extension' },
      dueDate: 'P10D',
      priority: '60',
      formKey: 'embedded:app:forms/revisar.html',
      documentation: 'Comprobar la solicitud',
      calendar: 'laborables',
    });
  });

  it('reads Camunda 8 extension elements and keeps a FEEL list whole', async () => {
    const task = await userTask(
      file(
        aroundTask(`<bpmn:userTask id="T"><bpmn:extensionElements>
          <zeebe:userTask /><zeebe:assignmentDefinition assignee="=responsable" candidateGroups="=[&quot;a&quot;, &quot;b&quot;]" />
          <zeebe:taskSchedule dueDate="2030-01-01T09:00:00+01:00" /><zeebe:priorityDefinition priority="80" /><zeebe:formDefinition formId="formulario" />
        </bpmn:extensionElements></bpmn:userTask>`),
        { vendors: ['zeebe'] },
      ),
    );
    expect(task).toMatchObject({
      assignment: { assignee: '=responsable', candidateUsers: [], candidateGroups: ['=["a", "b"]'], source: 'extension' },
      dueDate: '2030-01-01T09:00:00+01:00',
      priority: '80',
      formKey: 'formulario',
    });
  });

  it('reads Flowable attributes, falls back to camunda: ones as Flowable does, and takes the business calendar', async () => {
    const task = await userTask(
      file(
        aroundTask(
          `<bpmn:userTask id="T" flowable:candidateGroups="padron" camunda:assignee="jefe" flowable:dueDate="PT50M" flowable:businessCalendarName="laborables" flowable:formKey="alta" />`,
        ),
        { vendors: ['flowable', 'camunda'] },
      ),
    );
    expect(task).toMatchObject({
      assignment: { assignee: 'jefe', candidateGroups: ['padron'], source: 'extension' },
      dueDate: 'PT50M',
      formKey: 'alta',
      calendar: 'laborables',
    });
  });

  it('reads Activiti attributes in their own reader', async () => {
    const task = await userTask(
      file(aroundTask('<bpmn:userTask id="T" activiti:candidateUsers="gestor, jefe" activiti:priority="10" />'), { vendors: ['activiti'] }),
    );
    expect(task).toMatchObject({ assignment: { candidateUsers: ['gestor', 'jefe'], source: 'extension' }, priority: '10' });
  });

  it('reads the standard potentialOwner and humanPerformer: user(x), group(x) and a bare name', async () => {
    const resource = (tag: string, text: string) =>
      `<bpmn:${tag}><bpmn:resourceAssignmentExpression><bpmn:formalExpression>${text}</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:${tag}>`;
    const task = await userTask(
      file(
        aroundTask(
          `<bpmn:userTask id="T">${resource('humanPerformer', 'responsable')}${resource('potentialOwner', 'user(ana), group(registro), secretaria')}</bpmn:userTask>`,
        ),
      ),
    );
    expect(task.assignment).toEqual({ assignee: 'responsable', candidateUsers: ['ana'], candidateGroups: ['registro', 'secretaria'], source: 'standard' });
  });

  it('takes the lane name as the candidate group when nothing else assigns the task, also inside a sub-process', async () => {
    const xml = file(`<bpmn:laneSet id="Carriles">
        <bpmn:lane id="CarrilRegistro" name="registro"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>T</bpmn:flowNodeRef><bpmn:flowNodeRef>Sub</bpmn:flowNodeRef></bpmn:lane>
      </bpmn:laneSet>
      ${aroundTask('<bpmn:userTask id="T" />').replace('targetRef="E"', 'targetRef="Sub"')}
      <bpmn:subProcess id="Sub">
        <bpmn:startEvent id="S2" /><bpmn:sequenceFlow id="G1" sourceRef="S2" targetRef="T2" /><bpmn:userTask id="T2" />
        <bpmn:sequenceFlow id="G2" sourceRef="T2" targetRef="E2" /><bpmn:endEvent id="E2" />
      </bpmn:subProcess>
      <bpmn:sequenceFlow id="F3" sourceRef="Sub" targetRef="E" />`);
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([]);
    const process = only(reading);
    expect(node(process, 'T', 'userTask').assignment).toEqual({ assignee: null, candidateUsers: [], candidateGroups: ['registro'], source: 'lane' });
    expect(node(process, 'T2', 'userTask').assignment.source).toBe('lane');
    expect(reading.warnings).toEqual([]);
  });

  it('warns about a user task nobody is assigned to', async () => {
    const reading = await readDefinitions(file(aroundTask('<bpmn:userTask id="T" name="Sin asignar" />')), checks);
    expect(reading.problems).toEqual([]);
    expect(node(only(reading), 'T', 'userTask').assignment.source).toBe('none');
    expect(reading.warnings).toEqual([expect.objectContaining({ elementId: 'T', type: 'bpmn:UserTask', line: 6 })]);
  });

  it("warns about another dialect's attributes and extension elements instead of reading them", async () => {
    const reading = await readDefinitions(
      file(
        aroundTask(
          '<bpmn:userTask id="T" camunda:assignee="demo"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=jefe" /></bpmn:extensionElements></bpmn:userTask>',
        ),
        {
          vendors: ['zeebe', 'camunda'],
        },
      ),
      checks,
    );
    expect(node(only(reading), 'T', 'userTask').assignment.assignee).toBe('=jefe');
    expect(reading.warnings).toEqual([expect.objectContaining({ elementId: 'T', message: expect.stringContaining('camunda:assignee') as unknown })]);
  });

  it('reads files of several dialects one after another with separate readers', async () => {
    const flowable = file(aroundTask('<bpmn:userTask id="T" flowable:candidateGroups="a" />'), { vendors: ['flowable'] });
    const activiti = file(aroundTask('<bpmn:userTask id="T" activiti:candidateGroups="b" />'), { vendors: ['activiti'] });
    const camunda = file(aroundTask('<bpmn:userTask id="T" camunda:candidateGroups="c" />'), { vendors: ['camunda'] });
    for (const [xml, group, dialect] of [
      [flowable, 'a', 'flowable'],
      [activiti, 'b', 'activiti'],
      [camunda, 'c', 'camunda7'],
      [flowable, 'a', 'flowable'],
    ] as const) {
      const reading = await readDefinitions(xml, checks);
      expect(only(reading).dialect).toBe(dialect);
      expect(node(only(reading), 'T', 'userTask').assignment.candidateGroups).toEqual([group]);
    }
  });
});

describe('readDefinitions: events, gateways and scopes', () => {
  it('reads timers in the three forms, through a global definition, interrupting by default', async () => {
    const xml = file(
      `<bpmn:startEvent id="S" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T" />
      <bpmn:userTask id="T" name="Tarea" />
      <bpmn:boundaryEvent id="Plazo" attachedToRef="T"><bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Aviso" attachedToRef="T" cancelActivity="false" tramita:calendar="laborables"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="Espera" />
      <bpmn:intermediateCatchEvent id="Espera"><bpmn:eventDefinitionRef>Fecha</bpmn:eventDefinitionRef></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="F3" sourceRef="Espera" targetRef="E" /><bpmn:sequenceFlow id="F4" sourceRef="Plazo" targetRef="E" /><bpmn:sequenceFlow id="F5" sourceRef="Aviso" targetRef="E" />
      <bpmn:endEvent id="E" />`,
      { after: '<bpmn:timerEventDefinition id="Fecha"><bpmn:timeDate>2030-06-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>' },
    );
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([]);
    const process = only(reading);
    expect(node(process, 'T', 'userTask').boundaries).toEqual(['Plazo', 'Aviso']);
    expect(node(process, 'Plazo', 'timerBoundary')).toMatchObject({
      attachedTo: 'T',
      interrupting: true,
      timer: { form: 'duration', text: 'P10D', calendar: null },
    });
    expect(node(process, 'Aviso', 'timerBoundary')).toMatchObject({ interrupting: false, timer: { form: 'cycle', text: 'R3/P1D', calendar: 'laborables' } });
    expect(node(process, 'Espera', 'timerCatch').timer).toEqual({ form: 'date', text: '2030-06-01T00:00:00Z', calendar: null });
  });

  it('reads an error boundary on a user task with the code of the error it references, and a terminate end', async () => {
    const xml = file(
      `${aroundTask('<bpmn:userTask id="T" />')}
      <bpmn:boundaryEvent id="Desiste" attachedToRef="T"><bpmn:errorEventDefinition errorRef="ErrorDesiste" /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Cualquiera" attachedToRef="T"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="F3" sourceRef="Desiste" targetRef="Fin" /><bpmn:sequenceFlow id="F4" sourceRef="Cualquiera" targetRef="Fin" />
      <bpmn:endEvent id="Fin"><bpmn:terminateEventDefinition /></bpmn:endEvent>`,
      { after: '<bpmn:error id="ErrorDesiste" name="Desistimiento" errorCode="DESISTIMIENTO" />' },
    );
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([]);
    const process = only(reading);
    expect(node(process, 'Desiste', 'errorBoundary')).toMatchObject({ attachedTo: 'T', errorCode: 'DESISTIMIENTO' });
    expect(node(process, 'Cualquiera', 'errorBoundary').errorCode).toBeNull();
    expect(node(process, 'Fin', 'end').terminate).toBe(true);
  });

  it('reads nested sub-processes with their scopes and start events, and call activities in both forms', async () => {
    const inner = `<bpmn:subProcess id="Interior"><bpmn:startEvent id="S3" /><bpmn:sequenceFlow id="H1" sourceRef="S3" targetRef="E3" /><bpmn:endEvent id="E3" /></bpmn:subProcess>`;
    const xml = file(
      `<bpmn:startEvent id="S" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Exterior" />
      <bpmn:subProcess id="Exterior"><bpmn:startEvent id="S2" /><bpmn:sequenceFlow id="G1" sourceRef="S2" targetRef="Interior" />${inner}
        <bpmn:sequenceFlow id="G2" sourceRef="Interior" targetRef="E2" /><bpmn:endEvent id="E2" /></bpmn:subProcess>
      <bpmn:sequenceFlow id="F2" sourceRef="Exterior" targetRef="Llamada" />
      <bpmn:callActivity id="Llamada" calledElement="Otro" /><bpmn:sequenceFlow id="F3" sourceRef="Llamada" targetRef="E" /><bpmn:endEvent id="E" />`,
    );
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([]);
    const process = only(reading);
    expect(process.start).toBe('S');
    expect(node(process, 'Exterior', 'subProcess')).toMatchObject({ scope: 'Proceso', start: 'S2' });
    expect(node(process, 'Interior', 'subProcess')).toMatchObject({ scope: 'Exterior', start: 'S3' });
    expect(node(process, 'E3', 'end').scope).toBe('Interior');
    expect(process.flows.H1).toMatchObject({ source: 'S3', target: 'E3' });
    expect(node(process, 'Llamada', 'callActivity').calledElement).toBe('Otro');

    const zeebe = file(
      aroundTask(
        '<bpmn:callActivity id="T"><bpmn:extensionElements><zeebe:calledElement processId="Notificar" /></bpmn:extensionElements></bpmn:callActivity>',
      ),
      {
        vendors: ['zeebe'],
      },
    );
    expect(node(only(await readDefinitions(zeebe, checks)), 'T', 'callActivity').calledElement).toBe('Notificar');
  });

  it('keeps flows in document order, with the default flow and the tramita choice attributes', async () => {
    const xml = file(`${aroundTask('<bpmn:userTask id="T" camunda:candidateGroups="tecnico" />').replace('targetRef="E" />', 'targetRef="D" />')}
      <bpmn:exclusiveGateway id="D" default="Otro" />
      <bpmn:sequenceFlow id="Si" sourceRef="D" targetRef="E" tramita:candidateGroups="jefatura, secretaria" tramita:unit="L01280796"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Otro" sourceRef="D" targetRef="E" />`);
    const reading = await readDefinitions(xml.replace(NS.tramita, `${NS.tramita} ${NS.camunda}`), checks);
    expect(reading.problems).toEqual([]);
    const process = only(reading);
    expect(node(process, 'D', 'exclusiveGateway')).toMatchObject({ defaultFlow: 'Otro', outgoing: ['Si', 'Otro'], incoming: ['F2'] });
    expect(process.flows.Si).toEqual({
      id: 'Si',
      name: null,
      source: 'D',
      target: 'E',
      condition: '${ok}',
      candidateGroups: ['jefatura', 'secretaria'],
      unit: 'L01280796',
    });
    expect(process.flows.Otro).toMatchObject({ condition: null, candidateGroups: [], unit: null });
  });

  it('runs only the processes marked executable, and the only process of a file even when it is not marked', async () => {
    const simple = (id: string, executable: boolean) =>
      `<bpmn:process id="${id}" isExecutable="${String(executable)}"><bpmn:startEvent id="S${id}" /><bpmn:sequenceFlow id="F${id}" sourceRef="S${id}" targetRef="E${id}" /><bpmn:endEvent id="E${id}" /></bpmn:process>`;
    const two = await readDefinitions(file(simple('Uno', true) + simple('Dos', false), { raw: true }), checks);
    expect(two.processes.map((process) => process.id)).toEqual(['Uno']);
    const one = await readDefinitions(file(simple('Solo', false), { raw: true }), checks);
    expect(one.problems).toEqual([]);
    expect(one.processes.map((process) => process.id)).toEqual(['Solo']);
    const none = await readDefinitions(file(simple('Uno', false) + simple('Dos', false), { raw: true }), checks);
    expect(none.problems).toEqual([
      expect.objectContaining({ elementId: null, type: 'bpmn:Definitions', message: expect.stringContaining('executable') as unknown }),
    ]);
  });
});

describe('readDefinitions: what refuses a deploy', () => {
  it('refuses a DOCTYPE before parsing, pointing at its line', async () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" />';
    const reading = await readDefinitions(xml, checks);
    expect(reading.processes).toEqual([]);
    expect(reading.problems).toEqual([
      expect.objectContaining({ elementId: null, type: 'bpmn:Definitions', line: 2, message: expect.stringContaining('DOCTYPE') as unknown }),
    ]);
  });

  it('refuses a file that is not well-formed XML, or not BPMN, without throwing', async () => {
    const broken = await readDefinitions(
      '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="P">\n</bpmn:definitions>',
      checks,
    );
    expect(broken.problems).toEqual([expect.objectContaining({ type: 'bpmn:Definitions', message: expect.stringContaining('not well-formed') as unknown })]);
    for (const text of ['', 'hola', '<html><body /></html>']) {
      const reading = await readDefinitions(text, checks);
      expect(reading.processes).toEqual([]);
      expect(reading.problems.length).toBeGreaterThan(0);
    }
  });

  it('refuses unknown content in the BPMN namespace, naming the element and its line', async () => {
    const reading = await readDefinitions(
      file(`${aroundTask('<bpmn:userTask id="T" camunda:candidateGroups="a" />')}\n<bpmn:tareaInventada id="Rara" />`, { vendors: ['camunda'] }),
      checks,
    );
    expect(reading.problems).toEqual([expect.objectContaining({ elementId: 'Rara', type: 'bpmn:TareaInventada', line: 9 })]);
  });

  it('lists every unsupported element at once with its id, type and line', async () => {
    const xml = file(`<bpmn:startEvent id="S" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="G" />
<bpmn:inclusiveGateway id="G" />
<bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="R" />
<bpmn:receiveTask id="R" />
<bpmn:sequenceFlow id="F3" sourceRef="R" targetRef="M" />
<bpmn:userTask id="M" camunda:candidateGroups="a"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>
<bpmn:boundaryEvent id="Senal" attachedToRef="M"><bpmn:signalEventDefinition /></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="F4" sourceRef="M" targetRef="E" />
<bpmn:endEvent id="E"><bpmn:messageEventDefinition /></bpmn:endEvent>`);
    const reading = await readDefinitions(xml.replace(NS.tramita, `${NS.tramita} ${NS.camunda}`), checks);
    expect(reading.problems.map(({ elementId, type, line }) => ({ elementId, type, line }))).toEqual([
      { elementId: 'G', type: 'bpmn:InclusiveGateway', line: 5 },
      { elementId: 'R', type: 'bpmn:ReceiveTask', line: 7 },
      { elementId: 'M', type: 'bpmn:MultiInstanceLoopCharacteristics', line: 9 },
      { elementId: 'Senal', type: 'bpmn:BoundaryEvent', line: 10 },
      { elementId: 'E', type: 'bpmn:EndEvent', line: 12 },
    ]);
  });

  it('checks the structure: start events, gateway conditions and defaults, dead ends, references, called elements', async () => {
    const xml = file(`<bpmn:startEvent id="S" /><bpmn:startEvent id="S2" />
<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="D" /><bpmn:sequenceFlow id="F0" sourceRef="S2" targetRef="P" />
<bpmn:exclusiveGateway id="D" default="Ajeno" />
<bpmn:sequenceFlow id="A" sourceRef="D" targetRef="T" /><bpmn:sequenceFlow id="B" sourceRef="D" targetRef="C" />
<bpmn:userTask id="T" camunda:candidateGroups="a" />
<bpmn:callActivity id="C" /><bpmn:sequenceFlow id="F5" sourceRef="C" targetRef="E" />
<bpmn:parallelGateway id="P" />
<bpmn:sequenceFlow id="Cond" sourceRef="P" targetRef="E"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Roto" sourceRef="P" targetRef="NoExiste" />
<bpmn:sequenceFlow id="Ajeno" sourceRef="C" targetRef="E" />
<bpmn:endEvent id="E" />`);
    const reading = await readDefinitions(xml.replace(NS.tramita, `${NS.tramita} ${NS.camunda}`), checks);
    const summary = reading.problems.map(({ elementId, type }) => `${elementId} ${type}`).sort();
    expect(summary).toEqual(
      [
        'Roto bpmn:SequenceFlow', // dangling reference
        'Proceso bpmn:Process', // two none start events
        'C bpmn:CallActivity', // no called element
        'Cond bpmn:SequenceFlow', // condition out of a parallel gateway
        'T bpmn:UserTask', // dead end
        'D bpmn:ExclusiveGateway', // default is not one of its flows
        'D bpmn:ExclusiveGateway', // A and B unconditioned
      ].sort(),
    );
    expect(reading.problems.find((problem) => problem.elementId === 'Proceso')?.line).toBe(3);
  });

  it('refuses a condition on a flow that does not leave a gateway, and error boundaries not on a user task', async () => {
    const xml = file(`<bpmn:startEvent id="S" />
<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:serviceTask id="T" /><bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E" />
<bpmn:boundaryEvent id="Err" attachedToRef="T"><bpmn:errorEventDefinition /></bpmn:boundaryEvent><bpmn:sequenceFlow id="F3" sourceRef="Err" targetRef="E" />
<bpmn:endEvent id="E" />`);
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems.map(({ elementId, type }) => `${elementId} ${type}`)).toEqual(['Err bpmn:BoundaryEvent', 'F1 bpmn:SequenceFlow']);
  });

  it('passes every condition, value and timer through the checks, naming the element in the message', async () => {
    const xml = file(`<bpmn:startEvent id="S" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T" />
<bpmn:userTask id="T" camunda:assignee="\${MAL}" camunda:dueDate="MAL" />
<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:timerEventDefinition><bpmn:timeDuration>PMAL</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="D" /><bpmn:sequenceFlow id="F3" sourceRef="B" targetRef="E" />
<bpmn:exclusiveGateway id="D" default="Otro" />
<bpmn:sequenceFlow id="Si" sourceRef="D" targetRef="E"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${MAL == 1}</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Otro" sourceRef="D" targetRef="E" />
<bpmn:endEvent id="E" />`);
    const reading = await readDefinitions(xml.replace(NS.tramita, `${NS.tramita} ${NS.camunda}`), checks);
    expect(reading.problems.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['T', 'the user task T: its assignee "${MAL}" cannot be used: valor mal escrito'],
      ['T', 'the user task T: its due date "MAL" cannot be used: valor mal escrito'],
      ['B', 'the boundary event B: its timer "PMAL" cannot be used: duration mal escrito'],
      ['Si', 'the sequence flow Si: its condition "${MAL == 1}" cannot be used: condición mal escrita'],
    ]);
  });

  it('finds lines by id under any prefix and in either quote style, ignoring ids quoted in comments', async () => {
    const xml = `<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id='D'>
  <!-- <receiveTask id="R" /> -->
  <process id='P' isExecutable='true'>
    <startEvent id='S' /><sequenceFlow id='F1' sourceRef='S' targetRef='R' />
    <receiveTask
      name="espera" id='R' />
  </process>
</definitions>`;
    const reading = await readDefinitions(xml, checks);
    expect(reading.problems).toEqual([expect.objectContaining({ elementId: 'R', type: 'bpmn:ReceiveTask', line: 6 })]);
  });
});
