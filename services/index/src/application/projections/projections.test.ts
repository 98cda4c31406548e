import { describe, expect, it } from 'vitest';
import { fileCreated, fileUpdated, permutations, plazoChanged, processAdvanced, processDeleted, processStarted } from '../../../test/events.ts';
import { toFileListItem } from './file-list-item.ts';
import { projectFileView, type FileEvent } from './file-view.projection.ts';
import { projectPlazoView, type PlazoEvent } from './plazo-view.projection.ts';
import { projectProcessView, type ProcessEvent } from './process-view.projection.ts';
import type { FileView, PlazoView, ProcessView } from './views.ts';

type AnyEvent = FileEvent | ProcessEvent | PlazoEvent;
const isFileEvent = (e: AnyEvent): e is FileEvent => e.type === 'FileCreated' || e.type === 'FileUpdated';

/** Folds events into the three views, as the consumer does, whatever topic each came from. */
function fold(events: AnyEvent[]): { file: FileView | null; process: ProcessView | null; plazo: PlazoView | null } {
  let file: FileView | null = null;
  let process: ProcessView | null = null;
  let plazo: PlazoView | null = null;
  for (const event of events) {
    if (isFileEvent(event)) file = projectFileView(file, event, 'E00000000');
    else if (event.type === 'PlazoChanged') plazo = projectPlazoView(plazo, event);
    else process = projectProcessView(process, event);
  }
  return { file, process, plazo };
}

const listed = (events: AnyEvent[]) => {
  const { file, process, plazo } = fold(events);
  return file ? toFileListItem(file, process, plazo) : null;
};

describe('file view projection', () => {
  it('builds the view from FileCreated', () => {
    const view = projectFileView(null, fileCreated(), 'E00000000');
    expect(view).toEqual({
      code: 'EXP-2024-0001',
      // The event names no organism (written before organisms): the default organism's.
      organism: 'E00000000',
      processId: 'proc-1',
      initialOption: { code: 'SEDE', name: 'Sede electrónica' },
      description: 'Petición de licencia de obras',
      createdAt: '2024-05-10T08:00:00.000Z',
      createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      updatedAt: '2024-05-10T08:00:00.000Z',
      version: 1,
    });
  });

  it('carries an initial-option edit into the view (the original index dropped it)', () => {
    const created = projectFileView(null, fileCreated(), 'E00000000');
    const updated = projectFileView(
      created,
      fileUpdated({ initialOption: { code: 'DEPT', name: 'A petición departamento' }, updatedAt: '2024-05-12T10:00:00Z' }),
      'E00000000',
    );
    expect(updated?.initialOption).toEqual({ code: 'DEPT', name: 'A petición departamento' });
    expect(updated?.updatedAt).toBe('2024-05-12T10:00:00.000Z');
    expect(updated?.version).toBe(2);
  });

  it('returns the same view for a redelivered snapshot', () => {
    const view = projectFileView(null, fileCreated(), 'E00000000');
    expect(projectFileView(view, fileCreated(), 'E00000000')).toBe(view);
  });

  it('ignores a snapshot older than the view', () => {
    const v2 = projectFileView(null, fileUpdated({ description: 'Nueva descripción' }), 'E00000000');
    const after = projectFileView(v2, fileCreated(), 'E00000000');
    expect(after).toBe(v2);
    expect(after?.description).toBe('Nueva descripción');
  });
});

describe('process view projection', () => {
  it('follows the process to its latest phase', () => {
    const started = projectProcessView(null, processStarted());
    const advanced = projectProcessView(started, processAdvanced());
    expect(advanced).toMatchObject({ status: 'live', phase: { code: 'ANALISIS', name: 'Análisis técnico' }, version: 2 });
  });

  it('ignores a ProcessStarted that arrives after ProcessAdvanced', () => {
    const advanced = projectProcessView(null, processAdvanced());
    expect(projectProcessView(advanced, processStarted())).toBe(advanced);
  });

  it('leaves a tombstone on ProcessDeleted that a late ProcessStarted cannot resurrect', () => {
    const started = projectProcessView(null, processStarted());
    const tombstone = projectProcessView(started, processDeleted('proc-1', 2));
    expect(tombstone).toEqual({ status: 'deleted', processId: 'proc-1', fileCode: 'EXP-2024-0001', version: 2 });
    expect(projectProcessView(tombstone, processStarted())).toBe(tombstone);
    // Deletion before the start ever arrived (compensation overtook the event).
    const early = projectProcessView(null, processDeleted('proc-1', 2));
    expect(projectProcessView(early, processStarted())).toBe(early);
  });

  it('returns the same tombstone for a redelivered ProcessDeleted', () => {
    const tombstone = projectProcessView(null, processDeleted());
    expect(projectProcessView(tombstone, processDeleted())).toBe(tombstone);
  });
});

describe('list row from both views', () => {
  const creation: AnyEvent[] = [
    fileCreated(),
    processStarted(),
    processAdvanced(),
    fileUpdated({ initialOption: { code: 'DEPT', name: 'A petición departamento' }, updatedAt: '2024-05-12T10:00:00.000Z' }),
  ];

  it('is the same for every arrival order of FileCreated, ProcessStarted, ProcessAdvanced and FileUpdated', () => {
    const orders = permutations(creation);
    expect(orders).toHaveLength(24);
    const expected = {
      code: 'EXP-2024-0001',
      organism: 'E00000000',
      initialOption: { code: 'DEPT', name: 'A petición departamento' },
      description: 'Petición de licencia de obras',
      createdAt: '2024-05-10T08:00:00.000Z',
      createdBy: { username: 'agat', displayName: 'Gat Alba, Antonio' },
      updatedAt: '2024-05-12T10:00:00.000Z',
      phase: { code: 'ANALISIS', name: 'Análisis técnico' },
      finished: false,
      processId: 'proc-1',
      plazo: null,
    };
    for (const order of orders) expect(listed(order)).toEqual(expected);
  });

  it('is unchanged when every event is delivered twice, in any order', () => {
    const once = listed(creation);
    for (const order of permutations(creation)) expect(listed([...order, ...order.slice().reverse()])).toEqual(once);
  });

  it('shows no phase until the process is known, then completes', () => {
    const early = listed([fileCreated()]);
    expect(early).toMatchObject({ phase: null, finished: false, updatedAt: '2024-05-10T08:00:00.000Z' });
    expect(listed([fileCreated(), processStarted()])?.phase).toEqual({ code: 'INICIO', name: 'Inicio' });
  });

  it('takes the process change as the last update when it is later', () => {
    expect(listed([fileCreated(), processAdvanced({ updatedAt: '2024-06-01T00:00:00Z' })])?.updatedAt).toBe('2024-06-01T00:00:00.000Z');
  });

  it('reports a finished process', () => {
    expect(listed([fileCreated(), processAdvanced({ finished: true, version: 3 })])?.finished).toBe(true);
  });

  it('ignores a deleted process or one that belongs to another expediente', () => {
    expect(listed([fileCreated(), processStarted(), processDeleted('proc-1', 2)])?.phase).toBeNull();
    const file = projectFileView(null, fileCreated(), 'E00000000')!;
    const other = projectProcessView(null, processStarted({ processId: 'proc-9' }));
    expect(toFileListItem(file, other).phase).toBeNull();
  });

  it('lists nothing for a process whose saga was compensated (no file view)', () => {
    expect(listed([processStarted(), processDeleted()])).toBeNull();
  });
});

describe('plazo view projection', () => {
  const running = plazoChanged();
  const suspended = plazoChanged({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null, version: 2 });
  const resumed = plazoChanged({ dueAt: '2024-08-26T21:59:59.999Z', nearFrom: '2024-08-06T22:00:00.000Z', dueStatus: 'PROVISIONAL', version: 3 });

  it('keeps the plazo of the process, its instants normalised', () => {
    const view = projectPlazoView(null, plazoChanged({ dueAt: '2024-08-12T23:59:59.999+02:00', nearFrom: '2024-07-24T00:00:00+02:00' }));
    expect(view).toEqual({
      processId: 'proc-1',
      fileCode: 'EXP-2024-0001',
      organism: 'E00000000',
      plazoId: 'plazo-1',
      state: 'RUNNING',
      dueAt: '2024-08-12T21:59:59.999Z',
      nearFrom: '2024-07-23T22:00:00.000Z',
      dueStatus: 'FINAL',
      version: 1,
    });
  });

  it('follows suspension and resumption in order', () => {
    const afterSuspension = projectPlazoView(projectPlazoView(null, running), suspended);
    expect(afterSuspension).toMatchObject({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null, version: 2 });
    expect(projectPlazoView(afterSuspension, resumed)).toMatchObject({
      state: 'RUNNING',
      dueAt: '2024-08-26T21:59:59.999Z',
      dueStatus: 'PROVISIONAL',
      version: 3,
    });
  });

  it('ends at the newest version whatever the arrival order', () => {
    for (const order of permutations<PlazoEvent>([running, suspended, resumed])) {
      const view = order.reduce<PlazoView | null>((current, event) => projectPlazoView(current, event), null);
      expect(view).toMatchObject({ state: 'RUNNING', dueAt: '2024-08-26T21:59:59.999Z', version: 3 });
    }
  });

  it('returns the same view for a redelivered or older PlazoChanged', () => {
    const latest = projectPlazoView(null, resumed);
    expect(projectPlazoView(latest, resumed)).toBe(latest);
    expect(projectPlazoView(latest, suspended)).toBe(latest);
    expect(projectPlazoView(latest, running)).toBe(latest);
  });
});

describe('list row with its plazo', () => {
  const shownPlazo = { state: 'RUNNING', dueAt: '2024-08-12T21:59:59.999Z', nearFrom: '2024-07-23T22:00:00.000Z', dueStatus: 'FINAL' };
  const events: AnyEvent[] = [fileCreated(), processStarted(), plazoChanged(), processAdvanced()];

  it('shows the plazo once the file and the process are known, whatever came first', () => {
    for (const order of permutations(events)) expect(listed(order)?.plazo).toEqual(shownPlazo);
  });

  it('keeps a PlazoChanged that arrived before ProcessStarted until the process is known', () => {
    expect(listed([plazoChanged(), fileCreated()])?.plazo).toBeNull();
    expect(listed([plazoChanged(), fileCreated(), processStarted()])?.plazo).toEqual(shownPlazo);
  });

  it('is unchanged by duplicates and by a stale plazo delivered late', () => {
    const suspended = plazoChanged({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null, version: 2 });
    const withDuplicates = [...events, suspended, ...events, suspended, plazoChanged()];
    expect(listed(withDuplicates)?.plazo).toEqual({ state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null });
  });

  it('shows no plazo for a deleted process, even when the plazo arrives after the deletion', () => {
    expect(listed([fileCreated(), processStarted(), plazoChanged(), processDeleted('proc-1', 2)])?.plazo).toBeNull();
    expect(listed([fileCreated(), processDeleted('proc-1', 2), processStarted(), plazoChanged({ version: 4 })])?.plazo).toBeNull();
  });

  it("shows no plazo of another process or of another organism than the expediente's", () => {
    expect(listed([fileCreated(), processStarted(), plazoChanged({ processId: 'proc-9' })])?.plazo).toBeNull();
    expect(listed([fileCreated(), processStarted(), plazoChanged({ organism: 'A01002820' })])?.plazo).toBeNull();
  });
});
