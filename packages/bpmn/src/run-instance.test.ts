import { describe, expect, it } from 'vitest';
import type { EngineEffect, EngineEvent } from './engine-api.ts';
import { engineServices } from './engine-services.ts';
import type { InstanceState } from './instance.ts';
import type { ProcessModel } from './model.ts';
import { readProcedureFile } from './read-procedure-file.ts';
import { execute, MAX_STEPS } from './run-instance.ts';

/** A process written as the BPMN a modeller exports (without diagram), read by the real reader. */
async function model(body: string, extra = ''): Promise<ProcessModel> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
  ${extra}
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
  const reading = await readProcedureFile(xml);
  expect(reading.problems).toEqual([]);
  return reading.processes[0]!;
}
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
/** Ends a branch after `id` (a dead end is a modelling fault the reader refuses). */
const end = (...ids: string[]) => ids.map((id) => `${flow(`${id}_f`, id, `${id}_end`)}<bpmn:endEvent id="${id}_end" />`).join('');
const task = (id: string, groups = 'tramitador') => `<bpmn:userTask id="${id}" name="${id}" camunda:candidateGroups="${groups}" />`;
const timer = (id: string, attachedTo: string, value: string, interrupting = true, form = 'timeDuration') =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}"><bpmn:timerEventDefinition><bpmn:${form}>${value}</bpmn:${form}></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;

/** Drives one instance, keeping its state as JSON between events (as bpm stores it) and checking purity. */
class Driver {
  state: InstanceState | null = null;
  effects: EngineEffect[] = [];
  now = new Date('2026-12-04T09:00:00Z');
  readonly model: ProcessModel;

  constructor(model: ProcessModel) {
    this.model = model;
  }

  send(event: EngineEvent): EngineEffect[] {
    const before = JSON.stringify(this.state);
    const result = execute(this.model, this.state, event, engineServices(this.now));
    expect(JSON.stringify(this.state)).toBe(before);
    if (!result.ok) throw new Error(`${result.refused.code}: ${result.refused.message}`);
    this.state = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    this.effects.push(...result.effects);
    return result.effects;
  }

  start(variables: Record<string, unknown> = {}): EngineEffect[] {
    return this.send({ type: 'start', variables, initiator: 'agat' });
  }

  /** The engine id of the open task at `nodeId`. */
  task(nodeId: string): string {
    const created = this.effects.filter((e): e is Extract<EngineEffect, { type: 'taskCreated' }> => e.type === 'taskCreated' && e.task.nodeId === nodeId);
    const open = created
      .map((e) => e.task.taskId)
      .filter((id) => !this.effects.some((e) => (e.type === 'taskCompleted' || e.type === 'taskCancelled') && e.taskId === id));
    expect(open, `one open task at ${nodeId}`).toHaveLength(1);
    return open[0]!;
  }

  openTasks(): string[] {
    const ended = new Set(this.effects.flatMap((e) => (e.type === 'taskCompleted' || e.type === 'taskCancelled' ? [e.taskId] : [])));
    return this.effects.flatMap((e) => (e.type === 'taskCreated' && !ended.has(e.task.taskId) ? [e.task.nodeId] : [])).sort();
  }

  complete(nodeId: string, variables: Record<string, unknown> = {}): EngineEffect[] {
    return this.send({ type: 'completeTask', taskId: this.task(nodeId), variables });
  }

  timer(nodeId: string): string {
    const scheduled = this.effects.filter((e): e is Extract<EngineEffect, { type: 'timerScheduled' }> => e.type === 'timerScheduled' && e.nodeId === nodeId);
    const live = scheduled.filter(
      (e) => !this.effects.some((x) => x.type === 'timerCancelled' && x.timerId === e.timerId) && this.state?.timers.some((t) => t.id === e.timerId),
    );
    expect(live, `one scheduled timer at ${nodeId}`).toHaveLength(1);
    return live[0]!.timerId;
  }

  fire(nodeId: string): EngineEffect[] {
    return this.send({ type: 'fireTimer', timerId: this.timer(nodeId) });
  }
}

const types = (effects: EngineEffect[]) => effects.map((e) => e.type);

describe('the BPMN engine (ADR 0015)', () => {
  it('runs a sequence of user tasks and ends, counting each element and flow', async () => {
    const d = new Driver(
      await model(`${flow('f1', 'start', 'A')}${task('A')}${flow('f2', 'A', 'B')}${task('B', 'tecnico')}${flow('f3', 'B', 'end')}<bpmn:endEvent id="end" />`),
    );
    const started = d.start();
    expect(started.find((e) => e.type === 'taskCreated')).toMatchObject({ task: { nodeId: 'A', candidateGroups: ['tramitador'], assignee: null } });
    d.complete('A');
    expect(d.openTasks()).toEqual(['B']);
    const last = d.complete('B');
    expect(types(last).slice(-1)).toEqual(['instanceEnded']);
    expect(d.state).toMatchObject({ status: 'ended', runs: { start: 1, A: 1, B: 1, end: 1 }, flowsTaken: { f1: 1, f2: 1, f3: 1 } });
  });

  it('loops through a rework gateway as often as asked, the first true condition winning, the default otherwise', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'REVISAR')}${task('REVISAR')}${flow('f2', 'REVISAR', 'gw')}
         <bpmn:exclusiveGateway id="gw" default="fOk" />
         ${flow('fRework', 'gw', 'SUBSANAR', '${completa == false}')}${flow('fOk', 'gw', 'end')}
         ${task('SUBSANAR')}${flow('f4', 'SUBSANAR', 'REVISAR')}<bpmn:endEvent id="end" />`,
      ),
    );
    d.start();
    for (let i = 0; i < 3; i++) {
      d.complete('REVISAR', { completa: false });
      d.complete('SUBSANAR');
    }
    d.complete('REVISAR', { completa: true });
    expect(d.state).toMatchObject({ status: 'ended', runs: { REVISAR: 4, SUBSANAR: 3, gw: 4 }, flowsTaken: { fRework: 3, fOk: 1 } });
  });

  it('parks a token in a visible incident when no condition holds, and goes on once an administrator retries with the data fixed', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'gw')}<bpmn:exclusiveGateway id="gw" />
         ${flow('a', 'gw', 'A', '${importe &lt; 1000}')}${flow('b', 'gw', 'B', '${importe &gt;= 5000}')}${task('A')}${task('B')}${end('A', 'B')}`,
      ),
    );
    const started = d.start();
    const raised = started.find((e) => e.type === 'incidentRaised');
    expect(raised).toMatchObject({ nodeId: 'gw', message: expect.stringMatching(/importe/) });
    expect(d.state?.status).toBe('active');
    expect(() => d.send({ type: 'retryIncident', incidentId: 'incident-99', variables: {} })).toThrow(/unknown-incident/);
    // Still no condition holds: a new incident, never a silent end.
    const again = d.send({ type: 'retryIncident', incidentId: (raised as { incidentId: string }).incidentId, variables: { importe: 3000 } });
    expect(types(again)).toEqual(['incidentResolved', 'incidentRaised']);
    const incident = (again[1] as { incidentId: string }).incidentId;
    d.send({ type: 'retryIncident', incidentId: incident, variables: { importe: 6000 } });
    expect(d.openTasks()).toEqual(['B']);
  });

  it('forks and joins parallel branches in any completion order', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
         ${flow('a', 'fork', 'A')}${flow('b', 'fork', 'B')}${flow('c', 'fork', 'C')}${task('A')}${task('B')}${task('C')}
         ${flow('a2', 'A', 'join')}${flow('b2', 'B', 'join')}${flow('c2', 'C', 'join')}<bpmn:parallelGateway id="join" />
         ${flow('f5', 'join', 'D')}${task('D')}${end('D')}`,
      ),
    );
    d.start();
    expect(d.openTasks()).toEqual(['A', 'B', 'C']);
    d.complete('C');
    d.complete('A');
    expect(d.openTasks()).toEqual(['B']);
    d.complete('B');
    expect(d.openTasks()).toEqual(['D']);
    expect(d.state?.runs.join).toBe(1);
  });

  it('completes a join whose branch was cancelled by an interrupting timer and reached it by the boundary path', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
         ${flow('a', 'fork', 'CATASTRO')}${flow('b', 'fork', 'INFORME')}${task('CATASTRO')}${task('INFORME')}
         ${timer('plazo', 'INFORME', 'P15D')}${flow('t', 'plazo', 'RECLAMAR')}${task('RECLAMAR')}
         ${flow('a2', 'CATASTRO', 'join')}${flow('b2', 'INFORME', 'join')}${flow('t2', 'RECLAMAR', 'join')}<bpmn:parallelGateway id="join" />
         ${flow('f5', 'join', 'RESOLVER')}${task('RESOLVER')}${end('RESOLVER')}`,
      ),
    );
    d.start();
    const due = d.effects.find((e) => e.type === 'timerScheduled') as { dueAt: Date };
    expect(due.dueAt.toISOString()).toBe('2026-12-19T09:00:00.000Z');
    d.complete('CATASTRO');
    const fired = d.fire('plazo');
    expect(fired.filter((e) => e.type === 'taskCancelled')).toHaveLength(1);
    expect(d.openTasks()).toEqual(['RECLAMAR']);
    d.complete('RECLAMAR');
    expect(d.openTasks()).toEqual(['RESOLVER']);
  });

  it('keeps a task open under a non-interrupting cycle, which fires as often as it repeats and stops with the task', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'A')}${task('A')}${timer('aviso', 'A', 'R2/P1D', false, 'timeCycle')}${flow('t', 'aviso', 'AVISAR')}${task('AVISAR', 'jefatura')}${flow('f2', 'A', 'end')}<bpmn:endEvent id="end" />${flow('f3', 'AVISAR', 'end2')}<bpmn:endEvent id="end2" />`,
      ),
    );
    d.start();
    d.fire('aviso');
    d.fire('aviso');
    // Two repetitions: nothing left to schedule.
    expect(d.state?.timers).toEqual([]);
    expect(d.openTasks()).toEqual(['A', 'AVISAR', 'AVISAR'].sort());
    expect(() => d.send({ type: 'fireTimer', timerId: 'timer-1' })).toThrow(/unknown-timer/);
  });

  it('waits at a timer catch event until it fires', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'espera')}<bpmn:intermediateCatchEvent id="espera"><bpmn:timerEventDefinition><bpmn:timeDate>2027-01-04T08:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'espera', 'A')}${task('A')}${end('A')}`,
      ),
    );
    const started = d.start();
    expect(started.find((e) => e.type === 'timerScheduled')).toMatchObject({ nodeId: 'espera', dueAt: new Date('2027-01-04T08:00:00Z') });
    expect(d.openTasks()).toEqual([]);
    d.fire('espera');
    expect(d.openTasks()).toEqual(['A']);
  });

  it('cancels everything inside nested sub-processes when an interrupting timer on the outer one fires', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'outer')}
         <bpmn:subProcess id="outer"><bpmn:startEvent id="s1" />${flow('g1', 's1', 'inner')}
           <bpmn:subProcess id="inner"><bpmn:startEvent id="s2" />${flow('h1', 's2', 'fk')}<bpmn:parallelGateway id="fk" />${flow('h2', 'fk', 'X')}${flow('h3', 'fk', 'Y')}${task('X')}${task('Y')}
             ${flow('h4', 'X', 'e2')}${flow('h5', 'Y', 'e3')}<bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" /></bpmn:subProcess>
           ${flow('g2', 'inner', 'e1')}<bpmn:endEvent id="e1" /></bpmn:subProcess>
         ${timer('vence', 'outer', 'P30D')}${flow('f2', 'outer', 'end')}<bpmn:endEvent id="end" />${flow('f3', 'vence', 'CADUCIDAD')}${task('CADUCIDAD')}${end('CADUCIDAD')}`,
      ),
    );
    d.start();
    expect(d.openTasks()).toEqual(['X', 'Y']);
    const fired = d.fire('vence');
    expect(fired.filter((e) => e.type === 'taskCancelled')).toHaveLength(2);
    expect(d.openTasks()).toEqual(['CADUCIDAD']);
    expect(d.state?.scopes.map((s) => s.nodeId)).toEqual(['P']);
  });

  it('completes a sub-process when its inside ends, and only then goes on', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'sub')}<bpmn:subProcess id="sub"><bpmn:startEvent id="s1" />${flow('g1', 's1', 'X')}${task('X')}${flow('g2', 'X', 'e1')}<bpmn:endEvent id="e1" /></bpmn:subProcess>${flow('f2', 'sub', 'after')}${task('after')}${end('after')}`,
      ),
    );
    d.start();
    d.complete('X');
    expect(d.openTasks()).toEqual(['after']);
    expect(d.state?.runs.sub).toBe(1);
  });

  it('ends the whole instance at a terminate end event, and only its sub-process inside one', async () => {
    const top = new Driver(
      await model(
        `${flow('f1', 'start', 'fk')}<bpmn:parallelGateway id="fk" />${flow('a', 'fk', 'A')}${flow('b', 'fk', 'B')}${task('A')}${task('B')}${flow('a2', 'A', 'fin')}<bpmn:endEvent id="fin"><bpmn:terminateEventDefinition /></bpmn:endEvent>${flow('b2', 'B', 'e')}<bpmn:endEvent id="e" />`,
      ),
    );
    top.start();
    const ended = top.complete('A');
    expect(types(ended)).toContain('taskCancelled');
    expect(ended.at(-1)).toEqual({ type: 'instanceEnded', terminated: true });
    expect(top.state?.status).toBe('terminated');

    const inside = new Driver(
      await model(
        `${flow('f1', 'start', 'sub')}<bpmn:subProcess id="sub"><bpmn:startEvent id="s1" />${flow('g0', 's1', 'fk')}<bpmn:parallelGateway id="fk" />${flow('g1', 'fk', 'X')}${flow('g2', 'fk', 'Y')}${task('X')}${task('Y')}${flow('g3', 'X', 't')}<bpmn:endEvent id="t"><bpmn:terminateEventDefinition /></bpmn:endEvent>${flow('g4', 'Y', 'e1')}<bpmn:endEvent id="e1" /></bpmn:subProcess>${flow('f2', 'sub', 'after')}${task('after')}${end('after')}`,
      ),
    );
    inside.start();
    inside.complete('X');
    expect(inside.openTasks()).toEqual(['after']);
    expect(inside.state?.status).toBe('active');
  });

  it('starts a call activity as a child call, goes on when it completes with its variables, and cancels it with its activity', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'llamada')}<bpmn:callActivity id="llamada" calledElement="FISCALIZACION" />${timer('plazo', 'llamada', 'P10D')}${flow('f2', 'llamada', 'A')}${task('A')}${flow('t', 'plazo', 'B')}${task('B')}${end('A', 'B')}`,
      ),
    );
    const started = d.start({ importe: 10 });
    const call = started.find((e) => e.type === 'callStarted') as Extract<EngineEffect, { type: 'callStarted' }>;
    expect(call).toMatchObject({ calledElement: 'FISCALIZACION', variables: { importe: 10 } });
    expect(() => d.send({ type: 'callCompleted', callId: 'call-404', variables: {} })).toThrow(/unknown-call/);
    d.send({ type: 'callCompleted', callId: call.callId, variables: { fiscalizado: true } });
    expect(d.openTasks()).toEqual(['A']);
    expect(d.state?.variables).toMatchObject({ importe: 10, fiscalizado: true });

    const late = new Driver(d.model);
    late.start();
    const fired = late.fire('plazo');
    expect(fired.find((e) => e.type === 'callCancelled')).toBeDefined();
    expect(late.openTasks()).toEqual(['B']);
  });

  it('lets the person on a task end it with a BPMN error its boundary catches, and refuses one nothing catches', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'ANALIZAR')}${task('ANALIZAR')}<bpmn:boundaryEvent id="desiste" attachedToRef="ANALIZAR"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>
         ${flow('f2', 'ANALIZAR', 'end')}<bpmn:endEvent id="end" />${flow('f3', 'desiste', 'ARCHIVAR')}${task('ARCHIVAR')}${end('ARCHIVAR')}`,
        '<bpmn:error id="Err" name="Desistimiento" errorCode="DESISTIMIENTO" />',
      ),
    );
    d.start();
    expect(() => d.send({ type: 'throwError', taskId: d.task('ANALIZAR'), errorCode: 'OTRO', variables: {} })).toThrow(/error-not-caught/);
    expect(d.openTasks()).toEqual(['ANALIZAR']);
    const thrown = d.send({ type: 'throwError', taskId: d.task('ANALIZAR'), errorCode: 'DESISTIMIENTO', variables: { motivo: 'escrito' } });
    expect(types(thrown)).toContain('taskCancelled');
    expect(d.openTasks()).toEqual(['ARCHIVAR']);
  });

  it('passes automatic steps and markers through, saying which were skipped', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'svc')}<bpmn:serviceTask id="svc" camunda:topic="notificar" />${flow('f2', 'svc', 'mark')}<bpmn:intermediateThrowEvent id="mark" name="Registrado" />${flow('f3', 'mark', 'A')}${task('A')}${end('A')}`,
      ),
    );
    const started = d.start();
    expect(started.filter((e) => e.type === 'automaticStepSkipped')).toEqual([{ type: 'automaticStepSkipped', nodeId: 'svc', bpmnType: 'bpmn:ServiceTask' }]);
    expect(d.openTasks()).toEqual(['A']);
  });

  it('stops a loop that never waits with an incident instead of hanging', async () => {
    const d = new Driver(await model(`${flow('f1', 'start', 'x')}<bpmn:task id="x" />${flow('f2', 'x', 'y')}<bpmn:task id="y" />${flow('f3', 'y', 'x')}`));
    const started = d.start();
    expect(started.filter((e) => e.type === 'incidentRaised')).toHaveLength(1);
    expect((d.state?.runs.x ?? 0) + (d.state?.runs.y ?? 0)).toBeLessThanOrEqual(MAX_STEPS);
  });

  it('resolves assignments, due dates and priorities from the variables, or raises an incident naming what is missing', async () => {
    const d = new Driver(
      await model(
        `${flow('f1', 'start', 'A')}<bpmn:userTask id="A" camunda:assignee="\${responsable}" camunda:candidateGroups="tecnico, \${unidad}" camunda:dueDate="P2D" camunda:priority="70" />${end('A')}`,
      ),
    );
    const missing = d.start();
    expect(missing.find((e) => e.type === 'incidentRaised')).toMatchObject({ nodeId: 'A', message: expect.stringMatching(/responsable/) });
    const incident = (missing.find((e) => e.type === 'incidentRaised') as { incidentId: string }).incidentId;
    const created = d.send({ type: 'retryIncident', incidentId: incident, variables: { responsable: 'tomas', unidad: 'urbanismo' } });
    expect(created.find((e) => e.type === 'taskCreated')).toMatchObject({
      task: { assignee: 'tomas', candidateGroups: ['tecnico', 'urbanismo'], priority: 70, dueAt: new Date('2026-12-06T09:00:00Z') },
    });
  });

  it('cancels everything open on request, and refuses any event after the end or before the start', async () => {
    const d = new Driver(
      await model(`${flow('f1', 'start', 'A')}${task('A')}${timer('t', 'A', 'P1D')}${end('A')}${flow('tf', 't', 'tend')}<bpmn:endEvent id="tend" />`),
    );
    expect(() => d.send({ type: 'completeTask', taskId: 'task-1', variables: {} })).toThrow(/instance-ended/);
    d.start();
    expect(() => d.start()).toThrow(/already-started/);
    expect(() => d.send({ type: 'completeTask', taskId: 'task-404', variables: {} })).toThrow(/unknown-task/);
    const cancelled = d.send({ type: 'cancel' });
    expect(types(cancelled)).toEqual(['taskCancelled', 'timerCancelled', 'activityEnded', 'instanceEnded']);
    expect(d.state?.status).toBe('terminated');
    expect(() => d.send({ type: 'cancel' })).toThrow(/instance-ended/);
  });
});

describe('conditions written as scripts', () => {
  it('are refused at deploy time, never run', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs" targetNamespace="urn:test">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="start" />${flow('f1', 'start', 'gw')}<bpmn:exclusiveGateway id="gw" default="b" />
    <bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="JavaScript">this.variables.input &lt; 2</bpmn:conditionExpression></bpmn:sequenceFlow>
    ${flow('b', 'gw', 'e2')}<bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
  </bpmn:process>
</bpmn:definitions>`;
    const reading = await readProcedureFile(xml);
    expect(reading.problems).toEqual([
      expect.objectContaining({ elementId: 'a', message: expect.stringMatching(/condition in JavaScript: scripts are not run/) }),
    ]);
  });
});
