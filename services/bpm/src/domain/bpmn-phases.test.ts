import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readProcedureFile } from '@tramita/bpmn';
import { phasesOf } from './bpmn-phases.ts';
import { decisionVariables } from './decision.ts';
import { DEFAULT_PROCEDURE } from './default-procedure.ts';

const shipped = async () => {
  const reading = await readProcedureFile(await readFile(new URL('../procedures/expediente.bpmn', import.meta.url), 'utf8'));
  expect(reading.problems).toEqual([]);
  return reading.processes[0]!;
};

describe('the phase table of a BPMN procedure (ADR 0015, point 4)', () => {
  it('is, for the shipped file, exactly the original procedure: phases, order, roles and ways out', async () => {
    const { phases, transitions } = phasesOf(await shipped());
    expect({ phases, transitions }).toEqual({ phases: DEFAULT_PROCEDURE.phases, transitions: DEFAULT_PROCEDURE.transitions });
  });

  it('turns a chosen way out into the variables that take it, and refuses a way the task does not have', async () => {
    const model = await shipped();
    expect(decisionVariables(model, 'ANALISIS_TECNICO', 'RECHAZADO')).toEqual({ siguienteFase: 'RECHAZADO' });
    expect(decisionVariables(model, 'RECHAZADO', 'FINALIZADO')).toEqual({ siguienteFase: 'FINALIZADO' });
    // A single way out needs no variable.
    expect(decisionVariables(model, 'INICIAL', 'ANALISIS_TECNICO')).toEqual({});
    expect(() => decisionVariables(model, 'INICIAL', 'FINALIZADO')).toThrow(/does not allow moving from INICIAL to FINALIZADO/);
  });
});
