import { describe, expect, it } from 'vitest';
import type { EngineEffect } from './engine-api.ts';
import { engineServices, type PlazoCounter } from './engine-services.ts';
import type { ProcessModel } from './model.ts';
import { readProcedureFile } from './read-procedure-file.ts';
import { execute } from './run-instance.ts';

/** Plazos in legal units (ADR 0016): `tramita:plazo` on tasks and timer events, and the procedure's plazo attributes. */

const NOW = new Date('2026-03-25T10:00:00Z');

function file(processAttributes: string, content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tramita="urn:tramita:bpmn:1.0" id="D" targetNamespace="urn:prueba">
  <bpmn:process id="Subsanacion" isExecutable="true" ${processAttributes}>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Requerir" />
    ${content}
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
}

const SUBSANACION = `
    <bpmn:userTask id="Requerir" name="Subsanar la solicitud" tramita:plazo="10 días hábiles" />
    <bpmn:sequenceFlow id="F2" sourceRef="Requerir" targetRef="E" />
    <bpmn:boundaryEvent id="Vence" attachedToRef="Requerir" tramita:plazo="10 días hábiles"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="F3" sourceRef="Vence" targetRef="E" />`;

async function model(xml: string): Promise<ProcessModel> {
  const reading = await readProcedureFile(xml);
  expect(reading.problems).toEqual([]);
  const [process] = reading.processes;
  if (process === undefined) throw new Error('no process');
  return process;
}

async function problems(xml: string): Promise<string[]> {
  return (await readProcedureFile(xml)).problems.map((problem) => problem.message);
}

/** A stand-in legal calendar: every plazo ends 16 days after it starts, and the texts it was asked for are kept. */
function recordingCounter(asked: string[]): PlazoCounter {
  return (text, from) => {
    asked.push(text);
    return { ok: true, value: new Date(from.getTime() + 16 * 86_400_000) };
  };
}

describe('reading plazos in legal units', () => {
  it('reads a user task plazo and a timer event plazo as written, and the procedure plazo attributes', async () => {
    const process = await model(
      file(
        'tramita:plazoMaximo="6 meses" tramita:iniciacion="solicitud" tramita:efectoVencimiento="silencio-negativo" tramita:gestoresPlazo="jefe, tramitador"',
        SUBSANACION,
      ),
    );
    expect(process.nodes['Requerir']).toMatchObject({ kind: 'userTask', plazo: '10 días hábiles', dueDate: null });
    expect(process.nodes['Vence']).toMatchObject({ kind: 'timerBoundary', timer: { form: 'plazo', text: '10 días hábiles', calendar: null } });
    expect(process.plazo).toEqual({ maximo: '6 meses', iniciacion: 'SOLICITUD', efectoVencimiento: 'SILENCIO_NEGATIVO', gestores: ['jefe', 'tramitador'] });
  });

  it('leaves the procedure plazo null when the process states none', async () => {
    expect((await model(file('', SUBSANACION))).plazo).toBeNull();
  });

  it('refuses a plazo that is not in legal units, naming the element', async () => {
    const found = await problems(file('', SUBSANACION.replace('tramita:plazo="10 días hábiles" />', 'tramita:plazo="diez días" />')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/Requerir.*"diez días" cannot be used/);
  });

  it('refuses a task with both a due date and a plazo, and a timer with both an ISO value and a plazo', async () => {
    const both = SUBSANACION.replace(
      'tramita:plazo="10 días hábiles" />',
      'tramita:plazo="10 días hábiles" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" camunda:dueDate="P10D" />',
    ).replace('<bpmn:timerEventDefinition />', '<bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>');
    const found = await problems(file('', both));
    expect(found.some((message) => /both a due date and tramita:plazo/.test(message))).toBe(true);
    expect(found.some((message) => /must not also have duration/.test(message))).toBe(true);
  });

  it('refuses unknown initiations, expiry effects and maximum plazos on the process', async () => {
    const found = await problems(file('tramita:plazoMaximo="3 semanas" tramita:iniciacion="a instancia" tramita:efectoVencimiento="silencio"', SUBSANACION));
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/plazoMaximo "3 semanas"/);
    expect(found.join('\n')).toMatch(/iniciacion is "a instancia"; write solicitud or oficio/);
    expect(found.join('\n')).toMatch(/efectoVencimiento is "silencio"; write silencio-positivo, silencio-negativo or caducidad/);
  });
  it.each([
    [
      'caducidad for a requested procedure',
      'tramita:efectoVencimiento="caducidad"',
      /caducidad on expiry applies to procedures started de oficio \(art. 25.1.b\)/,
    ],
    ['positive silence de oficio', 'tramita:iniciacion="oficio" tramita:efectoVencimiento="silencio-positivo"', /no positive silence \(art. 25.1.a\)/],
  ])('refuses %s (art. 25.1)', async (_what, attributes, message) => {
    const found = await problems(file(attributes, SUBSANACION));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});

describe('running plazos in legal units', () => {
  it('gives the task and its timer the due instant the host legal calendar counts', async () => {
    const asked: string[] = [];
    const result = execute(
      await model(file('', SUBSANACION)),
      null,
      { type: 'start', variables: {}, initiator: null },
      engineServices(NOW, recordingCounter(asked)),
    );
    if (!result.ok) throw new Error(result.refused.message);
    const due = new Date(NOW.getTime() + 16 * 86_400_000);
    const created = result.effects.find((effect): effect is Extract<EngineEffect, { type: 'taskCreated' }> => effect.type === 'taskCreated');
    const timer = result.effects.find((effect): effect is Extract<EngineEffect, { type: 'timerScheduled' }> => effect.type === 'timerScheduled');
    expect(created?.task.dueAt).toEqual(due);
    expect(timer?.dueAt).toEqual(due);
    expect(asked).toEqual(['10 días hábiles', '10 días hábiles']);
  });

  it('raises an incident, not a silent due date, when no legal calendar is given', async () => {
    const result = execute(await model(file('', SUBSANACION)), null, { type: 'start', variables: {}, initiator: null }, engineServices(NOW));
    if (!result.ok) throw new Error(result.refused.message);
    const incident = result.effects.find((effect) => effect.type === 'incidentRaised');
    expect(incident).toMatchObject({ nodeId: 'Requerir', message: expect.stringMatching(/needs a legal calendar/) as unknown });
  });

  it('fires a plazo timer once, at the end of its plazo', async () => {
    const services = engineServices(NOW, recordingCounter([]));
    const timer = { form: 'plazo' as const, text: '10 días hábiles', calendar: null };
    expect(services.timerDue(timer, NOW, 0, {})).toEqual({ ok: true, value: new Date(NOW.getTime() + 16 * 86_400_000) });
    expect(services.timerDue(timer, NOW, 1, {})).toEqual({ ok: true, value: null });
  });
});
