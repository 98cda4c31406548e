import { describe, expect, it } from 'vitest';
import { readModelSnapshotsSchema } from './read-model-rebuild.ts';

const file = {
  code: 'EXP-2026-0001',
  organism: 'E00000000',
  processId: 'p-1',
  initialOption: { code: 'SEDE', name: 'Sede electrónica' },
  description: 'Licencia de obras',
  createdAt: '2026-03-02T10:00:00.000Z',
  createdBy: { username: 'ana', displayName: 'Ana' },
  updatedAt: '2026-03-02T10:00:00.000Z',
  updatedBy: { username: 'ana', displayName: 'Ana' },
  documentIds: ['d-1'],
  version: 3,
};
const process = {
  processId: 'p-1',
  fileCode: 'EXP-2026-0001',
  organism: 'E00000000',
  procedure: { code: 'LICENCIA', version: 1 },
  phase: { code: 'INICIO', name: 'Inicio' },
  finished: false,
  startedAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  version: 2,
};
const plazo = {
  processId: 'p-1',
  fileCode: 'EXP-2026-0001',
  organism: 'E00000000',
  plazoId: 'pl-1',
  state: 'RUNNING',
  dueAt: '2026-06-02T23:59:59.999+02:00',
  nearFrom: null,
  dueStatus: 'FINAL',
  version: 1,
};

describe('a page of snapshots for the read model', () => {
  it('takes what the owners serve, and an empty page', () => {
    expect(readModelSnapshotsSchema.parse({ files: [file], processes: [{ process, plazo }] }).files).toHaveLength(1);
    expect(readModelSnapshotsSchema.parse({})).toEqual({ files: [], processes: [] });
  });

  it('refuses what the stores cannot keep: a version past 32 bits, a year before 1900, empty identifiers', () => {
    const refused = (body: unknown) => readModelSnapshotsSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(refused({ processes: [{ process, plazo: { ...plazo, version: 9_007_199_254_740_990 } }] })).toEqual(['processes.0.plazo.version']);
    expect(refused({ processes: [{ process: { ...process, startedAt: '0020-02-29T00:00:00Z' }, plazo: null }] })).toEqual(['processes.0.process.startedAt']);
    expect(refused({ files: [{ ...file, code: '' }] })).toEqual(['files.0.code']);
    expect(refused({ processes: [{ process: { ...process, fileCode: '', organism: '' }, plazo: null }] })).toEqual([
      'processes.0.process.fileCode',
      'processes.0.process.organism',
    ]);
    expect(refused({ files: [], extra: true })).toEqual(['']);
  });
});
