import type { FileSnapshot, ProcessSnapshot } from '@tramita/contracts';
import type { FileEvent } from '../src/application/projections/file-view.projection.ts';
import type { PlazoEvent } from '../src/application/projections/plazo-view.projection.ts';
import type { ProcessEvent } from '../src/application/projections/process-view.projection.ts';

/** Test data: snapshots as files and bpm publish them. */
export const actor = { username: 'agat', displayName: 'Gat Alba, Antonio' };

export function fileSnapshot(overrides: Partial<FileSnapshot> = {}): FileSnapshot {
  return {
    code: 'EXP-2024-0001',
    processId: 'proc-1',
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'Petición de licencia de obras',
    createdAt: '2024-05-10T08:00:00.000Z',
    createdBy: actor,
    updatedAt: '2024-05-10T08:00:00.000Z',
    updatedBy: actor,
    documentIds: [],
    version: 1,
    ...overrides,
  };
}

export function processSnapshot(overrides: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  return {
    processId: 'proc-1',
    fileCode: 'EXP-2024-0001',
    procedure: { code: 'default', version: 1 },
    phase: { code: 'INICIO', name: 'Inicio' },
    finished: false,
    startedAt: '2024-05-10T07:59:59.000Z',
    updatedAt: '2024-05-10T07:59:59.000Z',
    version: 1,
    ...overrides,
  };
}

export const fileCreated = (o: Partial<FileSnapshot> = {}): FileEvent => ({ type: 'FileCreated', data: fileSnapshot(o) });
export const fileUpdated = (o: Partial<FileSnapshot> = {}): FileEvent => ({ type: 'FileUpdated', data: fileSnapshot({ version: 2, ...o }) });
export const processStarted = (o: Partial<ProcessSnapshot> = {}): ProcessEvent => ({ type: 'ProcessStarted', data: processSnapshot(o) });
/** ProcessAdvanced to "Análisis técnico" (version 2), carrying `from` and `by` as bpm publishes it. */
export const processAdvanced = (o: Partial<ProcessSnapshot> = {}): ProcessEvent => {
  const data = {
    ...processSnapshot({ version: 2, phase: { code: 'ANALISIS', name: 'Análisis técnico' }, updatedAt: '2024-05-11T09:00:00.000Z', ...o }),
    from: { code: 'INICIO', name: 'Inicio' },
    by: actor,
  };
  return { type: 'ProcessAdvanced', data };
};
export const processDeleted = (processId = 'proc-1', version = 2, fileCode = 'EXP-2024-0001'): ProcessEvent => ({
  type: 'ProcessDeleted',
  data: { processId, fileCode, version },
});

/** PlazoChanged as bpm publishes it: the maximum plazo of proc-1, running, due on 2024-08-12 (version 1). */
export const plazoChanged = (o: Partial<PlazoEvent['data']> = {}): PlazoEvent => ({
  type: 'PlazoChanged',
  data: {
    processId: 'proc-1',
    fileCode: 'EXP-2024-0001',
    organism: 'E00000000',
    plazoId: 'plazo-1',
    state: 'RUNNING',
    dueAt: '2024-08-12T21:59:59.999Z',
    nearFrom: '2024-07-23T22:00:00.000Z',
    dueStatus: 'FINAL',
    version: 1,
    ...o,
  },
});

/** Every ordering of `items`. */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A seeded shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
