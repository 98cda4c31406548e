import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { assertFileCode, Expediente } from './expediente.ts';
import { newInitialOption } from './initial-option.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const ana = { username: 'admin', displayName: 'Admin Pérez, Ana' };
const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-02T09:30:00.000Z');

function reserved(overrides: Partial<Parameters<typeof Expediente.reserve>[0]> = {}) {
  return Expediente.reserve({
    code: 'EXP-1',
    organism: 'L01280796',
    processId: 'p-1',
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'Licencia de obra',
    documentIds: ['d-1'],
    sagaId: 's-1',
    by: agat,
    at,
    ...overrides,
  });
}

function active() {
  const e = reserved();
  e.activate({ documentIds: ['d-1'], phase: { code: 'INICIAL', name: 'Inicial' } });
  e.events.pull();
  return e;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
};

describe('expediente code', () => {
  it.each(['EXP-2026-0001', 'a', '1.2_3-4', 'X'.repeat(64)])('accepts %s', (code) => {
    expect(() => assertFileCode(code)).not.toThrow();
  });
  it.each(['', '-starts-with-dash', 'has space', 'ñandú', 'a/b', 'X'.repeat(65), '../etc'])('refuses %j', (code) => {
    expect(codeOf(() => assertFileCode(code))).toBe('validation:invalid-file-code');
  });
});

describe('expediente', () => {
  it('is reserved invisible at version 0 and becomes visible at version 1', () => {
    const e = reserved();
    expect(e.isVisible).toBe(false);
    expect(e.state).toMatchObject({ status: 'creating', version: 0, currentPhase: null });
    e.activate({ documentIds: ['d-1'], phase: { code: 'INICIAL', name: 'Inicial' } });
    expect(e.isVisible).toBe(true);
    expect(e.state).toMatchObject({ status: 'active', version: 1, currentPhase: { code: 'INICIAL', name: 'Inicial' } });
    const [event] = e.events.pull();
    expect(event).toEqual({
      type: 'FileCreated',
      snapshot: {
        code: 'EXP-1',
        organism: 'L01280796',
        processId: 'p-1',
        initialOption: { code: 'SEDE', name: 'Sede electrónica' },
        description: 'Licencia de obra',
        createdAt: at.toISOString(),
        createdBy: agat,
        updatedAt: at.toISOString(),
        updatedBy: agat,
        documentIds: ['d-1'],
        version: 1,
      },
    });
  });

  it('refuses to activate twice', () => {
    expect(codeOf(() => active().activate({ documentIds: [], phase: null }))).toBe('illegal-state:file-not-creating');
  });

  it('takes a description of up to 4000 characters at creation', () => {
    expect(reserved({ description: 'x'.repeat(4000) }).state.description).toHaveLength(4000);
    expect(codeOf(() => reserved({ description: 'x'.repeat(4001) }))).toBe('validation:description-too-long');
  });

  it('needs between 1 and 20 distinct documents', () => {
    expect(codeOf(() => reserved({ documentIds: [] }))).toBe('validation:documents-required');
    expect(codeOf(() => reserved({ documentIds: Array.from({ length: 21 }, (_, i) => `d-${i}`) }))).toBe('validation:too-many-documents');
    expect(codeOf(() => reserved({ documentIds: ['d-1', 'd-1'] }))).toBe('validation:duplicate-document');
  });

  it('counts one version per edit and records who edited', () => {
    const e = active();
    expect(e.edit({ description: 'Nueva' }, ana, later, 1)).toBe(true);
    expect(e.edit({ initialOption: { code: 'PETICION_DTO', name: 'A petición departamento' } }, ana, later, 2)).toBe(true);
    expect(e.state).toMatchObject({ version: 3, description: 'Nueva', updatedBy: ana, updatedAt: later, createdBy: agat });
    expect(e.events.pull().map((ev) => [ev.type, ev.snapshot.version])).toEqual([
      ['FileUpdated', 2],
      ['FileUpdated', 3],
    ]);
  });

  it('does not count an edit that changes nothing', () => {
    const e = active();
    expect(e.edit({ description: 'Licencia de obra' }, ana, later, 1)).toBe(false);
    expect(e.version).toBe(1);
    expect(e.events.pending).toHaveLength(0);
  });

  it('refuses an edit based on another version', () => {
    expect(codeOf(() => active().edit({ description: 'x' }, ana, later, 7))).toBe('conflict:version-conflict');
    expect(active().edit({ description: 'x' }, ana, later, 1)).toBe(true);
  });

  it('records only who acted, never the rest of a principal (its token)', () => {
    const e = active();
    const principal = { ...ana, token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbmEifQ.sig', roles: ['tramitador'] };
    e.edit({ description: 'Con token' }, principal, later, 1);
    expect(e.state.updatedBy).toEqual(ana);
    expect(JSON.stringify(e.events.pull())).not.toContain('eyJ');
    const created = reserved({ by: principal });
    expect(created.state.createdBy).toEqual(ana);
    expect(created.state.updatedBy).toEqual(ana);
  });

  it('refuses edits once finished and while being created', () => {
    const e = active();
    e.applyProcess({ phase: { code: 'FINALIZADO', name: 'Finalizado' }, finished: true, version: 3 });
    expect(e.state.status).toBe('finished');
    expect(codeOf(() => e.edit({ description: 'x' }, ana, later, 1))).toBe('illegal-state:file-finished');
    expect(codeOf(() => reserved().edit({ description: 'x' }, ana, later, 0))).toBe('illegal-state:file-creating');
    expect(codeOf(() => active().edit({ description: 'x'.repeat(4001) }, ana, later, 1))).toBe('validation:description-too-long');
  });

  it('follows only newer process versions and keeps its own version', () => {
    const e = active();
    expect(e.applyProcess({ phase: { code: 'ANALISIS_TECNICO', name: 'Análisis técnico' }, finished: false, version: 2 })).toBe(true);
    expect(e.applyProcess({ phase: { code: 'INICIAL', name: 'Inicial' }, finished: false, version: 1 })).toBe(false);
    expect(e.applyProcess({ phase: { code: 'INICIAL', name: 'Inicial' }, finished: false, version: 2 })).toBe(false);
    expect(e.state).toMatchObject({ currentPhase: { code: 'ANALISIS_TECNICO' }, processVersion: 2, version: 1 });
  });

  it('reopens when bpm reports the process unfinished again', () => {
    const e = active();
    e.applyProcess({ phase: { code: 'FINALIZADO', name: 'Finalizado' }, finished: true, version: 2 });
    e.applyProcess({ phase: { code: 'VALIDADO', name: 'Validado' }, finished: false, version: 3 });
    expect(e.state.status).toBe('active');
  });

  it('is created finished when bpm finished the process before activation', () => {
    const e = reserved();
    e.applyProcess({ phase: { code: 'FINALIZADO', name: 'Finalizado' }, finished: true, version: 2 });
    e.activate({ documentIds: ['d-1'], phase: { code: 'INICIAL', name: 'Inicial' } });
    expect(e.state).toMatchObject({ status: 'finished', currentPhase: { code: 'FINALIZADO' } });
  });
});

describe('initial option', () => {
  it('is active, shared and uses the default procedure unless told otherwise', () => {
    expect(newInitialOption({ code: 'REGISTRO', name: ' Registro presencial ' })).toEqual({
      code: 'REGISTRO',
      name: 'Registro presencial',
      procedureCode: null,
      active: true,
      organism: null,
    });
    expect(newInitialOption({ code: 'OBRAS', name: 'Obras', procedureCode: 'LICENCIAS' }).procedureCode).toBe('LICENCIAS');
    expect(newInitialOption({ code: 'OBRAS', name: 'Obras', organism: 'L01280796' }).organism).toBe('L01280796');
  });
  it('refuses bad codes and empty names', () => {
    expect(codeOf(() => newInitialOption({ code: 'con espacio', name: 'x' }))).toBe('validation:invalid-option-code');
    expect(codeOf(() => newInitialOption({ code: 'OK', name: '   ' }))).toBe('validation:invalid-option-name');
  });
});
