import { describe, expect, it } from 'vitest';
import type { EngineEffect, EngineEvent } from './engine-api.ts';
import type { InstanceState } from './instance.ts';
import type { ProcessModel } from './model.ts';
import { execute } from './run-instance.ts';
import { bpmnProcess, standInServices } from './test-support/model-builder.ts';

/** Runs events in order, each built from the effects so far; throws on a refusal. */
function run(model: ProcessModel, events: ((effects: EngineEffect[], state: InstanceState | null) => EngineEvent)[]) {
  let state: InstanceState | null = null;
  const effects: EngineEffect[] = [];
  for (const next of events) {
    const result = execute(model, state, next(effects, state), standInServices(new Date('2026-03-02T08:00:00Z')));
    if (!result.ok) throw new Error(result.refused.message);
    state = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    effects.push(...result.effects);
  }
  return { state: state!, effects };
}
const start = (): EngineEvent => ({ type: 'start', variables: {}, initiator: null });
const complete =
  (nodeId: string, variables = {}) =>
  (_: EngineEffect[], state: InstanceState | null): EngineEvent => ({
    type: 'completeTask',
    taskId: state!.tokens.find((t) => t.wait === 'task' && t.nodeId === nodeId)!.ref,
    variables,
  });
const taskNodes = (effects: EngineEffect[]) => effects.flatMap((e) => (e.type === 'taskCreated' ? [e.task.nodeId] : []));

describe('the engine at its edges (found in review)', () => {
  it('stops a loop that never waits through a sub-process with an incident instead of overflowing the stack', () => {
    const model = bpmnProcess()
      .start('s')
      .subProcess('sp', 'ss', (b) => b.start('ss').end('se').chain('ss', 'se'))
      .automatic('x')
      .chain('s', 'sp', 'x', 'sp')
      .build();
    const { state, effects } = run(model, [start]);
    expect(effects.filter((e) => e.type === 'incidentRaised')).toHaveLength(1);
    expect(state.status).toBe('active');
  });

  it('parks every branch of a runaway loop in an incident, dropping none', () => {
    const model = bpmnProcess().start('s').parallel('f').automatic('x').automatic('y').chain('s', 'f').chain('f', 'x', 'x').chain('f', 'y', 'y').build();
    const { state } = run(model, [start]);
    expect(state.incidents.map((i) => i.nodeId).sort()).toEqual(['x', 'y']);
  });

  it('raises an incident when no outgoing flow of a task holds, instead of ending the instance silently', () => {
    const model = bpmnProcess()
      .start('s')
      .userTask('A')
      .end('e1')
      .end('e2')
      .chain('s', 'A')
      .flow('c1', 'A', 'e1', '${p}')
      .flow('c2', 'A', 'e2', '${q}')
      .build();
    const { state, effects } = run(model, [start, complete('A', { p: false, q: false })]);
    expect(state.status).toBe('active');
    expect(effects.filter((e) => e.type === 'incidentRaised').map((e) => (e as { nodeId: string }).nodeId)).toEqual(['A']);
  });

  it('counts an element once when its way out is retried after an incident', () => {
    const model = bpmnProcess().start('s').userTask('A').end('e').chain('s', 'A').flow('c', 'A', 'e', '${p}').build();
    const { state } = run(model, [start, complete('A'), (_, st) => ({ type: 'retryIncident', incidentId: st!.incidents[0]!.id, variables: { p: true } })]);
    expect(state.status).toBe('ended');
    expect(state.runs).toEqual({ s: 1, A: 1, e: 1 });
  });

  it('does not release a join early while another join still holds a token that will reach it', () => {
    // F forks z → J1, x → J2 and y → T; T's interrupting timer ends its branch elsewhere, so J2 goes on
    // without it and its token reaches J1, which must then go on once, not twice.
    const model = bpmnProcess()
      .start('s')
      .parallel('F')
      .parallel('J1')
      .parallel('J2')
      .userTask('T')
      .timerBoundary('tb', 'T', { text: '1000' })
      .end('E')
      .userTask('D')
      .end('De')
      .chain('s', 'F')
      .flow('z', 'F', 'J1')
      .flow('x', 'F', 'J2')
      .flow('y', 'F', 'T')
      .chain('T', 'J2')
      .chain('tb', 'E')
      .chain('J2', 'J1')
      .chain('J1', 'D', 'De')
      .build();
    const { state, effects } = run(model, [start, (_, st) => ({ type: 'fireTimer', timerId: st!.timers[0]!.id })]);
    expect(taskNodes(effects)).toEqual(['T', 'D']);
    expect(state.runs).toMatchObject({ J1: 1, J2: 1 });
  });
});

describe('a non-interrupting cycle whose next occurrence cannot be computed', () => {
  it('says so in an incident instead of stopping silently', async () => {
    const { readProcedureFile } = await import('./read-procedure-file.ts');
    const { engineServices } = await import('./engine-services.ts');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="A" />
    <bpmn:userTask id="A" camunda:candidateGroups="tramitador" /><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="end" /><bpmn:endEvent id="end" />
    <bpmn:boundaryEvent id="aviso" attachedToRef="A" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>\${ciclo}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="aviso" targetRef="fin2" /><bpmn:endEvent id="fin2" />
  </bpmn:process>
</bpmn:definitions>`;
    const model = (await readProcedureFile(xml)).processes[0]!;
    const services = engineServices(new Date('2026-12-04T09:00:00Z'));
    const started = execute(model, null, { type: 'start', variables: { ciclo: 'R3/P1D' }, initiator: null }, services);
    if (!started.ok) throw new Error(started.refused.message);
    const timerId = started.state.timers[0]!.id;
    // The variable the cycle reads is gone when it fires.
    const state = { ...started.state, variables: {} };
    const fired = execute(model, state, { type: 'fireTimer', timerId }, services);
    if (!fired.ok) throw new Error(fired.refused.message);
    expect(fired.effects.filter((e) => e.type === 'incidentRaised')).toEqual([
      expect.objectContaining({ nodeId: 'aviso', message: expect.stringMatching(/ciclo/) }),
    ]);
    expect(fired.state.tokens.some((t) => t.nodeId === 'A' && t.wait === 'task')).toBe(true);
  });
});
