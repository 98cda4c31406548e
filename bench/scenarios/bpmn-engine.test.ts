import { describe, expect, it } from 'vitest';
import { readProcedureFile, type ProcessModel } from '@tramita/bpmn';
import { engineInstancesPerSecond, runInstanceToEnd } from './bpmn-engine.ts';
import { BPMN_PROCEDURE, readBenchProcedure } from './bpmn-process.ts';

const reading = await readProcedureFile(await readBenchProcedure());
const model = reading.processes[0]!;

const TIMER_ONLY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:tramita:bench">
  <bpmn:process id="ESPERA" isExecutable="true">
    <bpmn:startEvent id="inicio" />
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="espera" />
    <bpmn:intermediateCatchEvent id="espera"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="espera" targetRef="fin" />
    <bpmn:endEvent id="fin" />
  </bpmn:process>
</bpmn:definitions>`;

describe('the in-memory engine run', () => {
  it("drives an instance of the benchmark's procedure to its end: every task once, the timer scheduled and cancelled", () => {
    expect(runInstanceToEnd(model, new Date('2026-12-01T09:00:00Z'))).toEqual({
      completions: BPMN_PROCEDURE.userTasks,
      events: BPMN_PROCEDURE.userTasks + 1,
      timers: { scheduled: 1, cancelled: 1 },
    });
  });

  it('fails, naming the process, when an instance waits on something no task completion can move', async () => {
    const waiting: ProcessModel = (await readProcedureFile(TIMER_ONLY)).processes[0]!;
    expect(() => runInstanceToEnd(waiting, new Date())).toThrow(/instance of ESPERA waits with no open task/);
  });

  it('counts whole instances over the elapsed time, finishing the one under way when time is up', () => {
    // A clock that moves 10 ms per reading: start, then one reading per instance, then the end.
    let t = 0;
    const clock = () => (t += 10);
    const result = engineInstancesPerSecond(model, 35, clock);
    expect(result.instances).toBe(4);
    expect(result.completions).toBe(4 * BPMN_PROCEDURE.userTasks);
    expect(result.elapsedMs).toBe(50);
    expect(result.instancesPerSec).toBe(80);
  });
});
