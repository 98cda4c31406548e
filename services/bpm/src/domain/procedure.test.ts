import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { DEFAULT_PROCEDURE } from './default-procedure.ts';
import { Procedure, type ProcedureData } from './procedure.ts';

const minimal = (): ProcedureData => ({
  code: 'LICENCIA',
  version: 1,
  name: 'Licencia',
  phases: [
    { code: 'ABIERTA', name: 'Abierta', ordering: 1, initial: true, terminal: false },
    { code: 'CERRADA', name: 'Cerrada', ordering: 2, initial: false, terminal: true },
  ],
  transitions: [{ from: 'ABIERTA', to: 'CERRADA', role: 'tramitador' }],
});

function problemsOf(data: ProcedureData): string[] {
  try {
    Procedure.define(data);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('invalid-procedure');
    expect(domainError.category).toBe('validation');
    return (domainError.details?.errors as { message: string }[]).map((e) => e.message);
  }
  return [];
}

describe('Procedure definition', () => {
  it('accepts the default procedure of the original system', () => {
    const procedure = Procedure.define(DEFAULT_PROCEDURE);
    expect(procedure.initialPhase.code).toBe('INICIAL');
    expect(procedure.transitionsFrom('ANALISIS_TECNICO').map((t) => t.to)).toEqual(['VALIDADO', 'RECHAZADO']);
    expect(procedure.transition('RECHAZADO', 'INICIAL')?.role).toBe('tramitador');
    expect(procedure.transition('INICIAL', 'FINALIZADO')).toBeUndefined();
    expect(procedure.phase('FINALIZADO')?.terminal).toBe(true);
    expect(procedure.phase('NOPE')).toBeUndefined();
  });

  it('lists phases by their ordering and round-trips its data', () => {
    const data = minimal();
    data.phases.reverse();
    const procedure = Procedure.define(data);
    expect(procedure.phases.map((p) => p.code)).toEqual(['ABIERTA', 'CERRADA']);
    expect(Procedure.restore(procedure.toData()).toData()).toEqual(procedure.toData());
  });

  it('requires exactly one initial phase', () => {
    const none = minimal();
    none.phases[0]!.initial = false;
    expect(problemsOf(none)).toContain('Exactly one phase must be initial (found 0).');
    const two = minimal();
    two.phases.push({ code: 'OTRA', name: 'Otra', ordering: 3, initial: true, terminal: false });
    expect(problemsOf(two)).toContain('Exactly one phase must be initial (found 2).');
  });

  it('requires at least one terminal phase', () => {
    const data = minimal();
    data.phases[1]!.terminal = false;
    expect(problemsOf(data)).toContain('At least one phase must be terminal.');
  });

  it('rejects transitions between unknown phases', () => {
    const data = minimal();
    data.transitions.push({ from: 'FANTASMA', to: 'OTRA', role: 'tecnico' });
    expect(problemsOf(data)).toEqual(['Transition from unknown phase FANTASMA.', 'Transition to unknown phase OTRA.']);
  });

  it('rejects transitions out of a terminal phase', () => {
    const data = minimal();
    data.transitions.push({ from: 'CERRADA', to: 'ABIERTA', role: 'tramitador' });
    expect(problemsOf(data)).toEqual(['Terminal phase CERRADA cannot have outgoing transitions.']);
  });

  it('takes any role the identity provider may issue, and rejects only what cannot be a role name', () => {
    const data = minimal();
    data.transitions[0]!.role = 'jefatura-servicio';
    expect(problemsOf(data)).toEqual([]);
    data.transitions[0]!.role = 'jefe de servicio';
    expect(problemsOf(data)[0]).toMatch(/^Role "jefe de servicio" is not a role name/);
  });

  it('rejects malformed codes, empty names, duplicates and initial terminal phases', () => {
    const data: ProcedureData = {
      code: 'bad code',
      version: 0,
      name: ' ',
      phases: [
        { code: 'A', name: '', ordering: 1, initial: true, terminal: true },
        { code: 'A', name: 'A', ordering: 2, initial: false, terminal: false },
        { code: 'b', name: 'b', ordering: 3, initial: false, terminal: false },
      ],
      transitions: [
        { from: 'b', to: 'A', role: 'tecnico' },
        { from: 'b', to: 'A', role: 'tecnico' },
      ],
    };
    const problems = problemsOf(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Code "bad code"/),
        'Version must be a positive integer.',
        'The name must not be empty.',
        'Phase A needs a name.',
        'Phase A cannot be both initial and terminal.',
        'Phase A is defined twice.',
        expect.stringMatching(/^Phase code "b"/),
        'Transition b → A is defined twice.',
      ]),
    );
  });

  it('complains when a restored definition lacks an initial phase', () => {
    const data = minimal();
    data.phases[0]!.initial = false;
    expect(() => Procedure.restore(data).initialPhase).toThrow(/no initial phase/);
  });
});
