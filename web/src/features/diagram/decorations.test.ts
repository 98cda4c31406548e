import { describe, expect, it } from 'vitest';
import { decorationsOf, summaryOf, type DiagramState } from './decorations.ts';

const state: DiagramState = {
  procedure: { code: 'expediente', version: 2, organism: null },
  active: ['Revision', 'Revision'],
  runs: { Inicio: 1, Registro: 1, Revision: 3, Nunca: 0 },
  flowsTaken: { f1: 1, f2: 2, f3: 0 },
  incidents: [{ nodeId: 'Pasarela', message: 'La variable importe no existe.' }],
};

describe('the decorations of a process state', () => {
  it('shades what ran, outlines what is open, draws taken flows and flags incidents, never marking what never ran', () => {
    const { markers } = decorationsOf(state);
    expect(markers).toEqual([
      { id: 'Inicio', marker: 'phase-done' },
      { id: 'Registro', marker: 'phase-done' },
      { id: 'Revision', marker: 'phase-done' },
      { id: 'f1', marker: 'flow-taken' },
      { id: 'f2', marker: 'flow-taken' },
      { id: 'Revision', marker: 'phase-active' },
      { id: 'Pasarela', marker: 'phase-incident' },
    ]);
  });

  it('says in badges what the colours say: how often each element ran, "en curso" once per open element, and each incident with its reason', () => {
    const { badges } = decorationsOf(state);
    expect(badges).toEqual([
      { id: 'Inicio', kind: 'runs', count: 1 },
      { id: 'Registro', kind: 'runs', count: 1 },
      { id: 'Revision', kind: 'runs', count: 3 },
      { id: 'Revision', kind: 'active' },
      { id: 'Pasarela', kind: 'incident', message: 'La variable importe no existe.' },
    ]);
  });

  it('summarises the state by the names modelled, falling back to the id, and counts only activities as completed', () => {
    const names: Record<string, string> = { Revision: 'Revisión técnica', Registro: 'Registro de entrada' };
    const summary = summaryOf(
      state,
      (id) => names[id] ?? null,
      (id) => id !== 'Inicio' && id !== 'Pasarela',
    );
    expect(summary).toEqual({
      active: ['Revisión técnica'],
      done: [
        { name: 'Registro de entrada', count: 1 },
        { name: 'Revisión técnica', count: 3 },
      ],
      incidents: [{ name: 'Pasarela', message: 'La variable importe no existe.' }],
    });
  });
});
