import { describe, expect, it } from 'vitest';
import { DomainError, type Actor } from '@tramita/kernel';
import { DEFAULT_PROCEDURE } from './default-procedure.ts';
import { Procedure } from './procedure.ts';
import { Process } from './process.ts';

const procedure = Procedure.define(DEFAULT_PROCEDURE);
const ana: Actor = { username: 'ana', displayName: 'Gat Alba, Ana' };
const teo: Actor = { username: 'teo', displayName: 'Técnica, Teo' };
const val: Actor = { username: 'val', displayName: 'Valido, Val' };
const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));

const started = () => Process.start({ processId: 'p-1', fileCode: 'EXP-1', organism: 'E00000000', procedure, actor: ana, now: t(0) });

function errorOf(action: () => void): DomainError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a domain error');
}

describe('Process', () => {
  it('starts in the initial phase, entered by the requester, at version 1', () => {
    const process = started();
    const state = process.state();
    expect(process.phase).toEqual({ code: 'INICIAL', name: 'Fase inicial' });
    expect(state).toMatchObject({ version: 1, finished: false, startedAt: t(0), updatedAt: t(0), procedure: { code: 'EXPEDIENTE', version: 1 } });
    expect(state.history).toEqual([{ phase: { code: 'INICIAL', name: 'Fase inicial' }, enteredAt: t(0), enteredBy: ana, finishedAt: null, finishedBy: null }]);
    expect(process.events.pull()).toEqual([{ type: 'ProcessStarted' }]);
  });

  it('closes the current phase and opens the next on a transition', () => {
    const process = started();
    process.events.pull();
    process.advance(procedure, { to: 'ANALISIS_TECNICO', actor: ana, roles: ['tramitador'], now: t(5) });
    const state = process.state();
    expect(state.version).toBe(2);
    expect(state.updatedAt).toEqual(t(5));
    expect(state.history[0]).toMatchObject({ finishedAt: t(5), finishedBy: ana });
    expect(state.history[1]).toEqual({
      phase: { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico' },
      enteredAt: t(5),
      enteredBy: ana,
      finishedAt: null,
      finishedBy: null,
    });
    expect(process.events.pull()).toEqual([{ type: 'ProcessAdvanced', from: { code: 'INICIAL', name: 'Fase inicial' }, by: ana }]);
  });

  it('keeps every pass of a rework loop and closes a terminal phase at once', () => {
    const process = started();
    const steps: [string, Actor, string][] = [
      ['ANALISIS_TECNICO', ana, 'tramitador'],
      ['RECHAZADO', teo, 'tecnico'],
      ['INICIAL', ana, 'tramitador'],
      ['ANALISIS_TECNICO', ana, 'tramitador'],
      ['VALIDADO', teo, 'tecnico'],
      ['FINALIZADO', val, 'validador'],
    ];
    steps.forEach(([to, actor, role], i) => process.advance(procedure, { to, actor, roles: [role], now: t(i + 1) }));
    const state = process.state();
    expect(state.history.map((s) => s.phase.code)).toEqual([
      'INICIAL',
      'ANALISIS_TECNICO',
      'RECHAZADO',
      'INICIAL',
      'ANALISIS_TECNICO',
      'VALIDADO',
      'FINALIZADO',
    ]);
    expect(state.history.every((s) => s.finishedAt !== null)).toBe(true);
    expect(state.history[6]).toMatchObject({ enteredAt: t(6), enteredBy: val, finishedAt: t(6), finishedBy: val });
    expect(state.history[5]).toMatchObject({ enteredBy: teo, finishedBy: val });
    expect(state.finished).toBe(true);
    expect(state.version).toBe(7);
    expect(process.events.pull()).toHaveLength(7);
  });

  it('rejects a phase the procedure does not define', () => {
    const error = errorOf(() => started().advance(procedure, { to: 'ARCHIVADO', actor: ana, roles: ['tramitador'], now: t(1) }));
    expect([error.code, error.category]).toEqual(['unknown-phase', 'validation']);
  });

  it('rejects a transition the procedure does not allow from the current phase', () => {
    const error = errorOf(() => started().advance(procedure, { to: 'VALIDADO', actor: ana, roles: ['tecnico'], now: t(1) }));
    expect([error.code, error.category]).toEqual(['transition-not-allowed', 'illegal-state']);
  });

  it('rejects a caller without the role the procedure names for the transition', () => {
    const process = started();
    const error = errorOf(() => process.advance(procedure, { to: 'ANALISIS_TECNICO', actor: teo, roles: ['tecnico', 'consulta'], now: t(1) }));
    expect([error.code, error.category]).toEqual(['transition-role-required', 'forbidden']);
    expect(error.details).toEqual({ requiredRoles: ['tramitador'] });
    expect(process.version).toBe(1);
    expect(process.state().history[0]!.finishedAt).toBeNull();
  });

  it('refuses any transition once finished', () => {
    const process = started();
    process.advance(procedure, { to: 'ANALISIS_TECNICO', actor: ana, roles: ['tramitador'], now: t(1) });
    process.advance(procedure, { to: 'RECHAZADO', actor: teo, roles: ['tecnico'], now: t(2) });
    process.advance(procedure, { to: 'FINALIZADO', actor: val, roles: ['validador'], now: t(3) });
    const error = errorOf(() => process.advance(procedure, { to: 'INICIAL', actor: ana, roles: ['tramitador'], now: t(4) }));
    expect([error.code, error.category]).toEqual(['process-finished', 'illegal-state']);
    expect(process.availableTransitions(procedure, ['validador'])).toEqual([]);
  });

  it('lists the transitions out of the current phase, allowed only for the roles held', () => {
    const process = started();
    process.advance(procedure, { to: 'ANALISIS_TECNICO', actor: ana, roles: ['tramitador'], now: t(1) });
    expect(process.availableTransitions(procedure, ['tecnico'])).toEqual([
      { to: { code: 'VALIDADO', name: 'Fase de validación' }, role: 'tecnico', allowed: true },
      { to: { code: 'RECHAZADO', name: 'Fase rechazado' }, role: 'tecnico', allowed: true },
    ]);
    expect(process.availableTransitions(procedure, ['tramitador']).map((x) => x.allowed)).toEqual([false, false]);
  });

  it('detects a stale expected version', () => {
    const process = started();
    expect(() => process.ensureVersion(1)).not.toThrow();
    const error = errorOf(() => process.ensureVersion(2));
    expect([error.code, error.category]).toEqual(['version-conflict', 'conflict']);
  });

  it('refuses a definition other than the one it started with', () => {
    const other = Procedure.restore({ ...DEFAULT_PROCEDURE, version: 2 });
    expect(() => started().advance(other, { to: 'ANALISIS_TECNICO', actor: ana, roles: ['tramitador'], now: t(1) })).toThrow(/follows EXPEDIENTE v1/);
  });

  it('cannot be restored without history, and hands out copies of its state', () => {
    const state = started().state();
    expect(() => Process.restore({ ...state, history: [] })).toThrow(/no phase history/);
    const process = Process.restore(state);
    process.state().history[0]!.phase.code = 'X';
    expect(process.phase.code).toBe('INICIAL');
    expect([process.processId, process.fileCode, process.finished]).toEqual(['p-1', 'EXP-1', false]);
  });
});
