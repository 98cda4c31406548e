// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProcessDiagramResource } from '@tramita/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeViewer, type FakeViewer } from '../../test/fake-diagram-viewer.ts';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { ProcessDiagramSection } from './ProcessDiagramSection.tsx';

const drawn = vi.hoisted(() => ({ viewers: [] as FakeViewer[] }));
vi.mock('./bpmn-viewer.ts', () => ({
  createViewer: () => {
    const viewer = fakeViewer({
      Registro: { name: 'Registro de entrada', activity: true },
      Revision: { name: 'Revisión técnica', activity: true },
      Pasarela: { name: null, activity: false },
      f1: { name: null, activity: false },
    });
    drawn.viewers.push(viewer);
    return viewer;
  },
}));

afterEach(() => {
  cleanup();
  drawn.viewers.length = 0;
});

const XML = '<?xml version="1.0"?><definitions id="d"><process id="licencias"/></definitions>';
const state: ProcessDiagramResource = {
  procedure: { code: 'licencias', version: 3, organism: 'L01280796' },
  active: ['Revision'],
  runs: { Registro: 1, Revision: 2, Pasarela: 1, Desaparecida: 1 },
  flowsTaken: { f1: 1 },
  incidents: [{ nodeId: 'Pasarela', message: 'Falta la variable <importe>.' }],
};

function show(routes: Record<string, Handler>) {
  const server = fakeApi(routes);
  renderAt('/expedientes/EXP-1', [{ path: '/expedientes/:code', element: <ProcessDiagramSection code="EXP-1" processVersion={4} /> }], server.api);
  return server;
}

const xmlAnswer = () => new Response(XML, { headers: { 'content-type': 'application/xml' } });

describe("an expediente's procedure diagram", () => {
  it("draws the procedure version the process follows, from its organism's catalogue, with where the process is", async () => {
    const { calls } = show({ 'GET /api/files/EXP-1/process/diagram': () => json(state), 'GET /api/procedures/licencias/bpmn': xmlAnswer });
    const figure = await screen.findByRole('figure', { name: 'Diagrama del procedimiento del expediente EXP-1' });
    await within(figure).findByText('En curso: Revisión técnica.');
    const bpmn = calls.find((call) => call.url.pathname === '/api/procedures/licencias/bpmn')!;
    expect(Object.fromEntries(bpmn.url.searchParams)).toEqual({ version: '3', organism: 'L01280796' });
    expect(bpmn.headers.get('accept')).toBe('application/xml');

    const viewer = drawn.viewers.at(-1)!;
    expect(viewer.xml).toBe(XML);
    expect(viewer.fits).toBe(1);
    // Elements the diagram does not draw are left alone instead of failing the drawing.
    expect(viewer.markers).toEqual([
      { id: 'Registro', marker: 'phase-done' },
      { id: 'Revision', marker: 'phase-done' },
      { id: 'Pasarela', marker: 'phase-done' },
      { id: 'f1', marker: 'flow-taken' },
      { id: 'Revision', marker: 'phase-active' },
      { id: 'Pasarela', marker: 'phase-incident' },
    ]);
    // Run counts only on activities; the incident's text is its own, never markup.
    expect(viewer.badges.map(({ id, text, title }) => ({ id, text, title }))).toEqual([
      { id: 'Registro', text: '×1', title: '' },
      { id: 'Revision', text: '×2', title: '' },
      { id: 'Revision', text: 'en curso', title: '' },
      { id: 'Pasarela', text: '⚠ incidencia', title: 'Falta la variable <importe>.' },
    ]);
    expect(within(figure).getByText('Completadas: Registro de entrada (1 vez), Revisión técnica (2 veces).')).toBeTruthy();
    expect(within(figure).getByText('Incidencia en Pasarela: Falta la variable <importe>.')).toBeTruthy();
  });

  it('zooms and fits from buttons a keyboard reaches', async () => {
    show({ 'GET /api/files/EXP-1/process/diagram': () => json(state), 'GET /api/procedures/licencias/bpmn': xmlAnswer });
    await screen.findByText('En curso: Revisión técnica.');
    const viewer = drawn.viewers.at(-1)!;
    fireEvent.click(screen.getByRole('button', { name: 'Acercar' }));
    fireEvent.click(screen.getByRole('button', { name: 'Alejar' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ajustar a la vista' }));
    expect(viewer.zooms).toEqual([1.25, 0.8]);
    expect(viewer.fits).toBe(2);
  });

  it('is a short note, with no diagram drawn, when the procedure is a phase table', async () => {
    show({
      'GET /api/files/EXP-1/process/diagram': () => json({ ...state, procedure: { code: 'GENERICO', version: 1, organism: null } }),
      'GET /api/procedures/GENERICO/bpmn': () => problem(404, 'procedure-bpmn-not-found'),
    });
    expect(await screen.findByText(/se define con una tabla de fases: no tiene diagrama/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Diagrama del procedimiento' })).toBeTruthy();
    expect(screen.queryByRole('figure')).toBeNull();
    expect(drawn.viewers).toEqual([]);
  });

  it('says the diagram is unavailable when the process has none, and offers a retry when bpm fails', async () => {
    show({ 'GET /api/files/EXP-1/process/diagram': () => problem(404, 'process-not-found') });
    expect(await screen.findByText('El diagrama no está disponible para este expediente.')).toBeTruthy();
    cleanup();

    let failing = true;
    show({
      'GET /api/files/EXP-1/process/diagram': () => (failing ? problem(503, 'upstream-unavailable') : json(state)),
      'GET /api/procedures/licencias/bpmn': xmlAnswer,
    });
    await screen.findByRole('alert');
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByText('En curso: Revisión técnica.')).toBeTruthy();
  });

  it('says so when the file cannot be drawn, and lets go of the viewer when it leaves the page', async () => {
    show({
      'GET /api/files/EXP-1/process/diagram': () => json(state),
      'GET /api/procedures/licencias/bpmn': () => new Response('not xml', { headers: { 'content-type': 'application/xml' } }),
    });
    expect((await screen.findByRole('alert')).textContent).toBe('No se ha podido dibujar el diagrama del procedimiento.');
    cleanup();
    await waitFor(() => expect(drawn.viewers.every((viewer) => viewer.destroyed)).toBe(true));
  });
});
