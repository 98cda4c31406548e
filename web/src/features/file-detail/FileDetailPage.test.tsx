// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { InteresadoListResource, RelationListResource } from '@tramita/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { filePlazos } from '../../test/plazo-fixtures.ts';
import { allowedTransitions, currentPhase, isFinished, missingRoles, type FileDetail } from './detail.ts';
import { FileDetailPage } from './FileDetailPage.tsx';

const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };
const inicial = { code: 'INICIAL', name: 'Fase inicial' };
const analisis = { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico' };

function detail(overrides: Partial<FileDetail> = {}): FileDetail {
  return {
    code: 'EXP-1',
    organism: 'L01280796',
    processId: 'p-1',
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'Licencia de obra',
    status: 'active',
    finished: false,
    currentPhase: inicial,
    createdAt: '2026-07-01T08:30:00Z',
    createdBy: ana,
    updatedAt: '2026-07-01T08:30:00Z',
    updatedBy: ana,
    version: 3,
    process: {
      procedure: { code: 'GENERICO', version: 1, name: 'Procedimiento genérico' },
      phase: inicial,
      finished: false,
      startedAt: '2026-07-01T08:30:00Z',
      version: 1,
      history: [{ phase: inicial, enteredAt: '2026-07-01T08:30:00Z', enteredBy: ana, finishedAt: null, finishedBy: null }],
    },
    documents: [
      {
        id: 'd1',
        name: 'Solicitud.pdf',
        mediaType: 'application/pdf',
        size: 2048,
        sha256: 'ab'.repeat(32),
        createdAt: '2026-07-01T08:30:00Z',
        createdBy: ana,
        updatedAt: '2026-07-01T08:30:00Z',
        updatedBy: ana,
        contentUrl: '/api/docs/d1/content',
      },
    ],
    warnings: [],
    ...overrides,
  };
}

const transitions = {
  phase: inicial,
  version: 1,
  transitions: [
    { to: analisis, allowed: true, role: 'tramitador' },
    { to: { code: 'ARCHIVADO', name: 'Archivado' }, allowed: false, role: 'admin' },
  ],
};

function setup(extra: Record<string, Handler> = {}, file = detail()) {
  return fakeApi({
    'GET /api/files/EXP-1': () => json(file),
    'GET /api/files/EXP-1/transitions': () => json(transitions),
    'GET /api/initial-options': () =>
      json({
        items: [
          { code: 'SEDE', name: 'Sede electrónica' },
          { code: 'PETICION_DTO', name: 'A petición departamento' },
        ],
      }),
    'GET /api/files/EXP-1/interesados': () => json({ items: [] } satisfies InteresadoListResource),
    'GET /api/files/EXP-1/relations': () => json({ items: [] } satisfies RelationListResource),
    'GET /api/files/EXP-1/plazos': () => json(filePlazos()),
    ...extra,
  });
}
const routes = [{ path: '/expedientes/:code', element: <FileDetailPage /> }];

describe('the detail of an expediente', () => {
  const createObjectURL = vi.fn(() => 'blob:x');
  beforeEach(() => {
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(cleanup);

  it('shows the header, the phase history and the documents', async () => {
    const { api } = setup();
    renderAt('/expedientes/EXP-1', routes, api);
    await screen.findByRole('heading', { level: 1, name: 'Expediente EXP-1' });
    const facts = within(screen.getByRole('region', { name: 'Datos del expediente' }));
    expect(facts.getByText('01/07/2026 10:30')).toBeTruthy();
    expect(facts.getByText('Pérez Gil, Ana')).toBeTruthy();
    expect(facts.getByText('Fase inicial')).toBeTruthy();
    expect(facts.getByText('En tramitación')).toBeTruthy();
    // The organism it belongs to, and no responsible unit named.
    expect(facts.getByText('L01280796 · sin unidad')).toBeTruthy();
    const history = within(screen.getByRole('region', { name: 'Historial de fases' }));
    expect(history.getByText('En curso')).toBeTruthy();
    const documents = within(screen.getByRole('region', { name: 'Documentos' }));
    expect(documents.getByText('Solicitud.pdf')).toBeTruthy();
    expect(documents.getByText('2 KB')).toBeTruthy();
  });

  it('shows the plazos of the expediente, with the residence form only for a tramitador of an open one', async () => {
    const { api } = setup();
    renderAt('/expedientes/EXP-1', routes, api);
    const plazos = await screen.findByRole('region', { name: 'Plazos' });
    const max = await within(plazos).findByRole('article', { name: 'Plazo máximo para resolver y notificar' });
    expect(max.textContent).toContain('vence el viernes 10 de abril de 2026 a las 23:59');
    expect(within(plazos).getByRole('form', { name: 'Residencia del interesado y canal' })).toBeTruthy();
    cleanup();
    renderAt('/expedientes/EXP-1', routes, setup({}, detail({ finished: true, status: 'finished' })).api);
    const closed = await screen.findByRole('region', { name: 'Plazos' });
    await within(closed).findByRole('article', { name: 'Plazo máximo para resolver y notificar' });
    expect(within(closed).queryByRole('form', { name: 'Residencia del interesado y canal' })).toBeNull();
  });

  it('saves an edit with the version it was read at', async () => {
    const patches: unknown[] = [];
    const { api } = setup({ 'PATCH /api/files/EXP-1': ({ body }) => (patches.push(body), json({})) });
    renderAt('/expedientes/EXP-1', routes, api);
    const description = await screen.findByLabelText('Descripción');
    fireEvent.change(description, { target: { value: 'Licencia de obra mayor' } });
    await screen.findByRole('option', { name: 'A petición departamento' });
    fireEvent.change(screen.getByLabelText('Opción inicial'), { target: { value: 'PETICION_DTO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    await waitFor(() => expect(patches).toEqual([{ description: 'Licencia de obra mayor', initialOption: 'PETICION_DTO', expectedVersion: 3 }]));
    expect(await screen.findByText('Cambios guardados.')).toBeTruthy();
  });

  it('never overwrites a concurrent change: explains it and offers to reload', async () => {
    let reads = 0;
    const { api } = setup({
      'GET /api/files/EXP-1': () =>
        json(detail({ description: reads++ === 0 ? 'Licencia de obra' : 'Cambiada por otra persona', version: reads === 1 ? 3 : 4 })),
      'PATCH /api/files/EXP-1': () => problem(409, 'version-conflict'),
    });
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.change(await screen.findByLabelText('Descripción'), { target: { value: 'Mi cambio' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Otra persona ha modificado este expediente');
    fireEvent.click(screen.getByRole('button', { name: 'Recargar el expediente' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Descripción').value).toBe('Cambiada por otra persona'));
  });

  it('offers only the transitions this user may take, sent with the process version', async () => {
    const posts: unknown[] = [];
    const { api } = setup({ 'POST /api/files/EXP-1/transitions': ({ body }) => (posts.push(body), json({})) });
    renderAt('/expedientes/EXP-1', routes, api);
    const select = await screen.findByLabelText('Nueva fase');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Elija la nueva fase', 'Fase de análisis técnico']);
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar de fase' }));
    expect(await screen.findByText('Elija a qué fase pasa el expediente.')).toBeTruthy();
    fireEvent.change(select, { target: { value: 'ANALISIS_TECNICO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar de fase' }));
    await waitFor(() => expect(posts).toEqual([{ to: 'ANALISIS_TECNICO', expectedVersion: 1 }]));
    expect(await screen.findByText('El expediente ha pasado a «Fase de análisis técnico».')).toBeTruthy();
  });

  it('never moves a process that changed meanwhile: explains it and offers to reload', async () => {
    let reads = 0;
    const moved = { phase: analisis, version: 2, transitions: [] };
    const { api } = setup({
      'GET /api/files/EXP-1/transitions': () => json(reads++ === 0 ? transitions : moved),
      'POST /api/files/EXP-1/transitions': () => problem(409, 'version-conflict'),
    });
    renderAt('/expedientes/EXP-1', routes, api);
    const select = await screen.findByLabelText('Nueva fase');
    const send = () => fireEvent.click(screen.getByRole('button', { name: 'Cambiar de fase' }));
    fireEvent.change(select, { target: { value: 'ANALISIS_TECNICO' } });
    send();
    expect((await screen.findByRole('alert')).textContent).toContain('La tramitación ha cambiado mientras usted decidía.');
    // Sending with no phase chosen is answered here, and replaces the earlier outcome.
    fireEvent.change(select, { target: { value: '' } });
    send();
    expect(await screen.findByText('Elija a qué fase pasa el expediente.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(select, { target: { value: 'ANALISIS_TECNICO' } });
    send();
    await screen.findByRole('alert');
    expect(screen.queryByText('Elija a qué fase pasa el expediente.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Recargar el expediente' }));
    expect(await screen.findByText('Fase actual: Fase de análisis técnico')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains a refused transition in words', async () => {
    const { api } = setup({ 'POST /api/files/EXP-1/transitions': () => problem(403, 'transition-role-required') });
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.change(await screen.findByLabelText('Nueva fase'), { target: { value: 'ANALISIS_TECNICO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar de fase' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Su perfil no permite hacer ese cambio de fase.');
  });

  it('is read-only once finished', async () => {
    const { api } = setup({}, detail({ finished: true, status: 'finished' }));
    renderAt('/expedientes/EXP-1', routes, api);
    expect(await screen.findByText('Este expediente está finalizado: solo se puede consultar.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Guardar cambios' })).toBeNull();
    expect(screen.queryByLabelText('Nueva fase')).toBeNull();
    // Its interesados are closed too; relating it to a later expediente (an appeal) still is not.
    await screen.findByText('El expediente no tiene interesados.');
    expect(screen.queryByRole('button', { name: 'Añadir interesado' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Relacionar' })).toBeTruthy();
  });

  it('shows politely which parts are missing', async () => {
    const { api } = setup({}, detail({ process: null, documents: null, warnings: [{ part: 'documents', code: 'upstream-timeout', detail: 'x' }] }));
    renderAt('/expedientes/EXP-1', routes, api);
    expect(await screen.findByText('Parte de la información no está disponible en este momento:')).toBeTruthy();
    expect(screen.getAllByText('La lista de documentos no se ha podido cargar.').length).toBeGreaterThan(0);
    expect(screen.getByText('La tramitación (fase e historial) no se ha podido cargar.')).toBeTruthy();
  });

  it('downloads a document with the token, as a file', async () => {
    let auth: string | null = null;
    const { api } = setup({
      'GET /api/docs/d1/content': ({ headers }) => (
        (auth = headers.get('authorization')),
        new Response('%PDF', { headers: { 'content-type': 'application/pdf' } })
      ),
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Descargar Solicitud.pdf' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(auth).toBe('Bearer token-1');
    expect(createObjectURL).toHaveBeenCalled();
  });

  it('says so when the expediente does not exist', async () => {
    const { api } = fakeApi({ 'GET /api/files/EXP-1': () => problem(404, 'file-not-found'), 'GET /api/initial-options': () => json({ items: [] }) });
    renderAt('/expedientes/EXP-1', routes, api);
    expect(await screen.findByText('No existe ningún expediente con el código EXP-1.')).toBeTruthy();
  });
});

describe('detail rules', () => {
  it('counts a closed process as finished before files catches up', () => {
    expect(isFinished(detail({ process: { ...detail().process!, finished: true } }))).toBe(true);
    expect(isFinished(detail())).toBe(false);
    expect(currentPhase(detail())).toEqual(inicial);
    // bpm did not answer: the phase files last heard of, which the composed detail carries.
    expect(currentPhase(detail({ process: null, currentPhase: analisis }))).toEqual(analisis);
  });

  it('separates what may be done now from who else could', () => {
    expect(allowedTransitions(transitions)).toEqual([analisis]);
    expect(missingRoles(transitions)).toEqual(['admin']);
    expect(allowedTransitions(undefined)).toEqual([]);
  });
});
