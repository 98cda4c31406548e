import { describe, expect, it } from 'vitest';
import type { FileView, LiveProcessView, PlazoView } from '../../application/projections/views.ts';
import { fileKeyOf, listDocumentOf, processPartOf, SORT_KEY_LENGTH, sortKey } from './documents.ts';

const file: FileView = {
  code: 'EXP-2024-0007',
  organism: 'E00000000',
  processId: 'proc-7',
  initialOption: { code: 'DEPT', name: 'A petición departamento' },
  description: 'Árbol caído en vía pública',
  createdAt: '2024-03-07T10:00:00.000Z',
  createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
  updatedAt: '2024-03-07T10:00:00.000Z',
  version: 3,
};
const process: LiveProcessView = {
  status: 'live',
  processId: 'proc-7',
  fileCode: 'EXP-2024-0007',
  phase: { code: 'ANALISIS', name: 'Análisis técnico' },
  finished: false,
  startedAt: '2024-03-07T09:59:00.000Z',
  updatedAt: '2024-04-07T12:00:00.000Z',
  version: 2,
};
const plazo: PlazoView = {
  processId: 'proc-7',
  fileCode: 'EXP-2024-0007',
  organism: 'E00000000',
  plazoId: 'plazo-7',
  state: 'RUNNING',
  dueAt: '2024-06-15T21:59:59.999Z',
  nearFrom: null,
  dueStatus: 'FINAL',
  version: 5,
};

describe('the list document of an expediente', () => {
  it('joins the three views into the row and the values it is searched and sorted by', () => {
    expect(listDocumentOf(file, process, plazo)).toEqual({
      organism: 'E00000000',
      code: 'EXP-2024-0007',
      processId: 'proc-7',
      text: 'EXP-2024-0007 Árbol caído en vía pública',
      initialOptionCode: 'DEPT',
      phaseCode: 'ANALISIS',
      createdAt: '2024-03-07T10:00:00.000Z',
      updatedAt: '2024-04-07T12:00:00.000Z',
      phaseSort: 'Análisis técnico',
      initialOptionSort: 'A petición departamento',
      descriptionSort: 'Árbol caído en vía pública',
      plazoDue: '2024-06-15T21:59:59.999Z',
      item: {
        code: 'EXP-2024-0007',
        organism: 'E00000000',
        initialOption: file.initialOption,
        description: file.description,
        createdAt: file.createdAt,
        createdBy: file.createdBy,
        updatedAt: '2024-04-07T12:00:00.000Z',
        phase: process.phase,
        finished: false,
        processId: 'proc-7',
        plazo: { state: 'RUNNING', dueAt: '2024-06-15T21:59:59.999Z', nearFrom: null, dueStatus: 'FINAL' },
      },
      parts: { file: 3, process: 2, plazo: 5 },
    });
  });

  it('shows neither phase nor plazo without a live process, and records the tombstone it read', () => {
    const deleted = listDocumentOf(file, { status: 'deleted', processId: 'proc-7', fileCode: file.code, version: 9 }, plazo);
    expect(deleted).toMatchObject({ phaseCode: null, phaseSort: null, plazoDue: null, updatedAt: file.updatedAt, parts: { process: 9, plazo: 5 } });
    expect(deleted.item).toMatchObject({ phase: null, plazo: null, finished: false });
    expect(listDocumentOf(file, null, plazo)).toMatchObject({ phaseCode: null, plazoDue: null, parts: { process: null, plazo: 5 } });
  });

  it('shows no plazo another organism states, and sorts by none that is suspended or closed (the row still shows them)', () => {
    expect(listDocumentOf(file, process, { ...plazo, organism: 'A01002820' })).toMatchObject({ plazoDue: null, item: { plazo: null } });
    expect(listDocumentOf(file, process, { ...plazo, state: 'EXPIRED' }).plazoDue).toBe(plazo.dueAt);
    for (const state of ['SUSPENDED', 'CLOSED'] as const) {
      const document = listDocumentOf(file, process, { ...plazo, state });
      expect(document.plazoDue).toBeNull();
      expect(document.item.plazo?.state).toBe(state);
    }
  });

  it('ignores a process or plazo of another process id', () => {
    const other = listDocumentOf(file, { ...process, processId: 'proc-8' }, { ...plazo, processId: 'proc-8' });
    expect(other).toMatchObject({ phaseCode: null, plazoDue: null, parts: { process: null, plazo: null } });
  });

  it('keys an expediente by organism and code so that no two pairs share a key', () => {
    expect(fileKeyOf('E00000000', 'EXP/1')).toBe('E00000000/EXP/1');
    expect(fileKeyOf('A/B', 'C')).not.toBe(fileKeyOf('A', 'B/C'));
  });

  it('cuts sort keys short without splitting a character', () => {
    expect(sortKey('abc')).toBe('abc');
    expect(sortKey('x'.repeat(SORT_KEY_LENGTH + 10))).toHaveLength(SORT_KEY_LENGTH);
    const astral = `${'x'.repeat(SORT_KEY_LENGTH - 1)}😀tail`;
    expect(sortKey(astral)).toBe('x'.repeat(SORT_KEY_LENGTH - 1));
  });

  it('keys processes by the organism bpm stated, or none', () => {
    expect(processPartOf({ ...process, organism: 'A01002820' }, true)).toMatchObject({ organism: 'A01002820', status: 'live', pending: true });
    expect(processPartOf(process, false).organism).toBe('');
    expect(processPartOf({ status: 'deleted', processId: 'p', fileCode: 'c', version: 2 }, false)).toMatchObject({ organism: '', status: 'deleted' });
  });
});
