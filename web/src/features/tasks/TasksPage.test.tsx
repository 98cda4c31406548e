// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ProcedureListResource } from '@tramita/contracts';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { Layout } from '../../app/Layout.tsx';
import { ServicesContext } from '../api/context.tsx';
import { fakeApi, fakeUpload, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { asTask, notices } from '../../test/plazo-fixtures.ts';
import { inboxFromSearch, inboxQuery, isOverdue, searchFromInbox, type Task } from './tasks.ts';
import { TasksPage } from './TasksPage.tsx';

afterEach(cleanup);

function task(overrides: Partial<Task> = {}): Task {
  return {
    taskId: 'i1.Revision',
    fileCode: 'EXP-1',
    organism: 'L01280796',
    procedureCode: 'licencias',
    nodeId: 'Revision',
    name: 'Revisión técnica',
    assignee: null,
    candidateUsers: [],
    candidateGroups: ['tecnico'],
    dueAt: '2099-03-01T09:00:00.000Z',
    priority: null,
    formKey: null,
    state: 'open',
    createdAt: '2026-01-10T09:00:00.000Z',
    endedAt: null,
    endedBy: null,
    version: 1,
    ...overrides,
  };
}

const procedures: ProcedureListResource = {
  items: [
    { code: 'licencias', name: 'Licencias de obra', latestVersion: 2, versions: [1, 2], organism: 'L01280796', format: 'bpmn' },
    { code: 'GENERICO', name: 'Procedimiento genérico', latestVersion: 1, versions: [1], organism: null, format: 'phases' },
  ],
};

/** bpm's inbox for "ana": one task to claim (overdue), one of hers; each action changes what the next read answers. */
function inboxServer(extra: Record<string, Handler> = {}) {
  const items = [
    task({ taskId: 'i1.Registro', nodeId: 'Registro', name: 'Registro de entrada', dueAt: '2020-01-01T09:00:00.000Z', candidateGroups: ['tramitador'] }),
    task({ taskId: 'i2.Revision', fileCode: 'EXP-2', assignee: 'ana', dueAt: null, priority: 50, version: 4 }),
    asTask({
      ...task(),
      taskId: 'i3.Subsanacion',
      fileCode: 'EXP-3',
      nodeId: 'Subsanacion',
      name: 'Subsanación',
      dueAt: '2099-02-19T22:59:59.999Z',
      candidateGroups: ['tramitador'],
      plazo: { plazoId: 'sub', durationText: '10 días hábiles', dueStatus: 'PROVISIONAL', trafficLight: 'NEAR', timeLeft: 'quedan 2 días hábiles' },
    }),
  ];
  const inbox = notices();
  const byId = (id: string) => items.findIndex((t) => t.taskId === id);
  return fakeApi({
    'GET /api/tasks': () => json({ items, total: items.length }),
    'GET /api/procedures': () => json(procedures),
    'GET /api/notices': () => json(inbox),
    'POST /api/notices/n2/read': () => {
      inbox.items = inbox.items.map((n) => (n.noticeId === 'n2' ? { ...n, readAt: '2026-03-06T10:00:00+01:00' } : n));
      inbox.unread = 0;
      return new Response(null, { status: 204 });
    },
    'POST /api/tasks/i1.Registro/claim': () => {
      items[byId('i1.Registro')] = { ...items[byId('i1.Registro')]!, assignee: 'ana', version: 2 };
      return json(items[byId('i1.Registro')]);
    },
    'POST /api/tasks/i2.Revision/unclaim': () => {
      items[byId('i2.Revision')] = { ...items[byId('i2.Revision')]!, assignee: null, version: 5 };
      return json(items[byId('i2.Revision')]);
    },
    'GET /api/tasks/i2.Revision': () =>
      json({
        ...items[byId('i2.Revision')]!,
        decisions: [
          { to: { code: 'VALIDADO', name: 'Validado' }, allowed: true },
          { to: { code: 'SUBSANACION', name: 'Subsanación' }, allowed: true },
          { to: { code: 'ARCHIVADO', name: 'Archivado' }, allowed: false },
        ],
      }),
    'POST /api/tasks/i2.Revision/complete': () => {
      const done = { ...items[byId('i2.Revision')]!, state: 'completed' as const };
      items.splice(byId('i2.Revision'), 1);
      return json(done);
    },
    ...extra,
  });
}

const routes = [{ path: '/tareas', element: <TasksPage /> }];
const row = (name: RegExp) => screen.getByRole('row', { name });

describe('the inbox state in the URL', () => {
  it('reads filters from the URL, ignoring invalid values, and asks bpm for one page of them', () => {
    const state = inboxFromSearch(new URLSearchParams('scope=mine&procedure=licencias&fileCode=%20EXP-9%20&sort=nonsense&page=3'));
    expect(state).toEqual({ scope: 'mine', procedure: 'licencias', fileCode: 'EXP-9', sort: 'due', page: 3 });
    expect(inboxQuery(state)).toBe('scope=mine&procedure=licencias&fileCode=EXP-9&sort=due&limit=20&offset=40');
    expect(searchFromInbox({ ...state, scope: '', sort: '-due', page: 1 }).toString()).toBe('procedure=licencias&fileCode=EXP-9&sort=-due');
    expect(inboxFromSearch(new URLSearchParams('scope=everyone&page=-2'))).toMatchObject({ scope: '', page: 1 });
    expect(inboxFromSearch(new URLSearchParams())).toEqual({ scope: '', procedure: '', fileCode: '', sort: 'due', page: 1 });
  });

  it('calls a due date overdue only once it has passed', () => {
    const now = new Date('2026-05-01T10:00:00Z');
    expect(isOverdue('2026-05-01T09:59:59Z', now)).toBe(true);
    expect(isOverdue('2026-05-01T10:00:01Z', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });
});

describe('the "Mis tareas" page', () => {
  it('is in the navigation for everyone', () => {
    const { api } = inboxServer();
    const services = { api, profile: { username: 'consulta', displayName: 'García Molina, Elena', roles: ['consulta'] }, upload: fakeUpload().upload };
    render(
      <ServicesContext.Provider value={services}>
        <MemoryRouter initialEntries={['/expedientes']}>
          <Routes>
            <Route element={<Layout profile={services.profile} onLogout={() => {}} />}>
              <Route path="/expedientes" element={<h1>list</h1>} />
            </Route>
          </Routes>
        </MemoryRouter>
      </ServicesContext.Provider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).getByRole('link', { name: 'Mis tareas' }).getAttribute('href')).toBe('/tareas');
    expect(within(nav).queryByRole('link', { name: 'Procedimientos' })).toBeNull();
  });

  it('lists the tasks with their expediente linked, an overdue date said in words and who holds each', async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    await screen.findByRole('row', { name: /Registro de entrada/ });
    expect(calls.find((c) => c.url.pathname === '/api/tasks')?.url.search).toBe('?sort=due&limit=20&offset=0');
    expect(
      within(row(/Registro de entrada/))
        .getByRole('link', { name: 'EXP-1' })
        .getAttribute('href'),
    ).toBe('/expedientes/EXP-1');
    expect(row(/Registro de entrada/).textContent).toContain('01/01/2020 10:00');
    expect(row(/Registro de entrada/).textContent).toContain('Vencida');
    expect(row(/Registro de entrada/).textContent).toContain('Sin asignar (tramitador)');
    await waitFor(() => expect(row(/Registro de entrada/).textContent).toContain('Licencias de obra'));
    expect(row(/Revisión técnica/).textContent).toContain('Sin plazo');
    expect(row(/Revisión técnica/).textContent).not.toContain('Vencida');
    expect(row(/Revisión técnica/).textContent).toContain('Usted');
    expect(row(/Revisión técnica/).textContent).toContain('prioridad 50');
    expect(screen.getByText('Mostrando 1–3 de 3 tareas')).toBeTruthy();
  });

  it("shows a task's plazo with its traffic light in words and the time left, and asks bpm to sort by due date", async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    const subsanacion = await screen.findByRole('row', { name: /Subsanación/ });
    expect(within(subsanacion).getByText('Próximo a vencer').closest('[data-light]')?.getAttribute('data-light')).toBe('NEAR');
    expect(subsanacion.textContent).toContain('quedan 2 días hábiles');
    expect(subsanacion.textContent).toContain('10 días hábiles · fecha provisional');
    expect(row(/Revisión técnica/).querySelector('[data-light]')).toBeNull();
    expect(calls.find((c) => c.url.pathname === '/api/tasks')?.url.searchParams.get('sort')).toBe('due');
  });

  it('lists the notices unread first and marks one read, keeping the focus in the panel', async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    const panel = await screen.findByRole('region', { name: /Avisos/ });
    await waitFor(() => expect(within(panel).getAllByRole('listitem')).toHaveLength(2));
    const [first, second] = within(panel).getAllByRole('listitem');
    expect(first!.textContent).toContain('Nuevo');
    expect(first!.textContent).toContain('Venció el plazo máximo del expediente EXP-3: silencio positivo.');
    expect(within(first!).getByRole('link', { name: 'EXP-3' }).getAttribute('href')).toBe('/expedientes/EXP-3');
    expect(second!.textContent).toContain('Leído');
    expect(within(second!).queryByRole('button')).toBeNull();
    expect(within(panel).getByRole('heading', { name: /Avisos/ }).textContent).toContain('1 sin leer');

    fireEvent.click(within(first!).getByRole('button', { name: 'Marcar como leído el aviso «Plazo vencido» del expediente EXP-3' }));
    expect(await within(panel).findByText('Aviso del expediente EXP-3 marcado como leído.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).toEqual(['/api/notices/n2/read']);
    await waitFor(() => expect(within(panel).queryByRole('button', { name: /Marcar como leído/ })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: /Avisos/ })));
    expect(within(panel).getByRole('heading', { name: /Avisos/ }).textContent).not.toContain('sin leer');
  });

  it("leads a notice about the organism's calendar to its calendar page and names the organism when marking it read", async () => {
    const calendarNotice = {
      noticeId: 'c1',
      organism: 'L01410917',
      fileCode: null,
      kind: 'CALENDAR_NOT_READY' as const,
      message: 'El calendario de 2027 de la sede no está listo (41091 sin cargar).',
      createdAt: '2026-10-01T00:00:00+02:00',
      readAt: null,
    };
    const { api, calls } = fakeApi({
      'GET /api/tasks': () => json({ items: [], total: 0 }),
      'GET /api/procedures': () => json({ items: [], total: 0 }),
      'GET /api/notices': () => json({ unread: 1, items: [calendarNotice] }),
      'POST /api/notices/c1/read': () => new Response(null, { status: 204 }),
    });
    renderAt('/tareas', routes, api);
    const panel = await screen.findByRole('region', { name: /Avisos/ });
    const item = await within(panel).findByRole('listitem');
    expect(item.textContent).toContain('El calendario del año próximo no está listo');
    expect(within(item).getByRole('link', { name: 'Calendario de L01410917' }).getAttribute('href')).toBe('/organismos/L01410917/calendario');
    fireEvent.click(
      within(item).getByRole('button', { name: 'Marcar como leído el aviso «El calendario del año próximo no está listo» del organismo L01410917' }),
    );
    expect(await within(panel).findByText('Aviso del organismo L01410917 marcado como leído.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).toEqual(['/api/notices/c1/read']);
  });

  it('applies the filters and the sort through the URL, offering the procedures by name', async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    await screen.findByRole('row', { name: /Registro de entrada/ });
    const filters = screen.getByRole('search', { name: 'Filtrar tareas' });
    fireEvent.change(within(filters).getByLabelText('Mostrar'), { target: { value: 'claimable' } });
    fireEvent.change(within(filters).getByLabelText('Procedimiento'), { target: { value: 'licencias' } });
    fireEvent.change(within(filters).getByLabelText('Expediente'), { target: { value: ' EXP-1 ' } });
    fireEvent.change(within(filters).getByLabelText('Ordenar por'), { target: { value: '-due' } });
    expect(within(filters).getByRole('option', { name: 'Licencias de obra (licencias)' })).toBeTruthy();
    fireEvent.click(within(filters).getByRole('button', { name: 'Filtrar' }));
    expect(screen.getByTestId('location').textContent).toBe('/tareas?scope=claimable&procedure=licencias&fileCode=EXP-1&sort=-due');
    await waitFor(() => expect(calls.at(-1)?.url.search).toBe('?scope=claimable&procedure=licencias&fileCode=EXP-1&sort=-due&limit=20&offset=0'));
    fireEvent.click(within(filters).getByRole('button', { name: 'Limpiar filtros' }));
    expect(screen.getByTestId('location').textContent).toBe('/tareas');
  });

  it('claims a task and gives one back, announcing each and reading the inbox again', async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Reclamar la tarea «Registro de entrada» del expediente EXP-1' }));
    expect(await screen.findByText('Ha reclamado la tarea «Registro de entrada» del expediente EXP-1.')).toBeTruthy();
    await waitFor(() => expect(row(/Registro de entrada/).textContent).toContain('Usted'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).toEqual(['/api/tasks/i1.Registro/claim']);

    fireEvent.click(screen.getByRole('button', { name: 'Devolver la tarea «Revisión técnica» del expediente EXP-2' }));
    expect(await screen.findByText(/Ha devuelto la tarea «Revisión técnica» del expediente EXP-2/)).toBeTruthy();
    await waitFor(() => expect(row(/Revisión técnica/).textContent).toContain('Sin asignar (tecnico)'));
  });

  it('says in words that someone else claimed the task first, and shows the inbox as it is now', async () => {
    const { api } = inboxServer({ 'POST /api/tasks/i1.Registro/claim': () => problem(409, 'task-claimed', 'Task i1.Registro is assigned to luis.') });
    renderAt('/tareas', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: /^Reclamar la tarea «Registro de entrada»/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('Otra persona ha reclamado esta tarea antes que usted.');
  });

  it('completes a task with one of the decisions the person may take, sending the version seen', async () => {
    const { api, calls } = inboxServer();
    renderAt('/tareas', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Completar la tarea «Revisión técnica» del expediente EXP-2' }));
    const form = await screen.findByRole('form', { name: 'Completar «Revisión técnica» (expediente EXP-2)' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Completar «Revisión técnica» (expediente EXP-2)' })));
    const group = within(form).getByRole('group', { name: '¿Cómo sigue el expediente?' });
    expect(
      within(group)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent),
    ).toEqual(['Pasar a: Validado', 'Pasar a: Subsanación']);
    expect(within(form).getByText('Reservadas a otros roles: Archivado.')).toBeTruthy();

    // Nothing chosen: said by the group, nothing sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Completar tarea' }));
    expect(within(form).getByText('Elija cómo sigue el expediente.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(group).getByLabelText('Pasar a: Validado')));
    expect(calls.some((c) => c.url.pathname.endsWith('/complete'))).toBe(false);

    fireEvent.click(within(group).getByLabelText('Pasar a: Subsanación'));
    fireEvent.click(within(form).getByRole('button', { name: 'Completar tarea' }));
    expect(await screen.findByText('Tarea «Revisión técnica» del expediente EXP-2 completada.')).toBeTruthy();
    expect(calls.find((c) => c.url.pathname === '/api/tasks/i2.Revision/complete')?.body).toEqual({ decision: 'SUBSANACION', expectedVersion: 4 });
    expect(screen.queryByRole('form', { name: /Completar «Revisión técnica»/ })).toBeNull();
    await waitFor(() => expect(screen.queryByRole('row', { name: /Revisión técnica/ })).toBeNull());
  });

  it('completes a task that asks no decision with none, and shows a refusal by the form', async () => {
    const { api, calls } = inboxServer({
      'GET /api/tasks/i1.Registro': () => json({ ...task({ taskId: 'i1.Registro', name: 'Registro de entrada', version: 7 }), decisions: [] }),
      'POST /api/tasks/i1.Registro/complete': () => problem(409, 'task-version-conflict'),
    });
    renderAt('/tareas', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: /^Completar la tarea «Registro de entrada»/ }));
    const form = await screen.findByRole('form', { name: /Completar «Registro de entrada»/ });
    expect(within(form).getByText(/no pide ninguna decisión/)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Completar tarea' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('La tarea ha cambiado mientras la tenía abierta.');
    expect(calls.find((c) => c.url.pathname === '/api/tasks/i1.Registro/complete')?.body).toEqual({ expectedVersion: 7 });
    fireEvent.click(within(form).getByRole('button', { name: 'Cancelar' }));
    expect(screen.queryByRole('form', { name: /Completar «Registro de entrada»/ })).toBeNull();
  });

  it("does not offer completion when none of the ways out is the person's, and says so on an empty inbox", async () => {
    const { api } = inboxServer({
      'GET /api/tasks/i2.Revision': () =>
        json({ ...task({ taskId: 'i2.Revision', assignee: 'ana' }), decisions: [{ to: { code: 'ARCHIVADO', name: 'Archivado' }, allowed: false }] }),
    });
    renderAt('/tareas', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: /^Completar la tarea «Revisión técnica»/ }));
    const form = await screen.findByRole('form', { name: /Completar «Revisión técnica»/ });
    expect(within(form).getByText(/no puede completarla/)).toBeTruthy();
    expect(within(form).getByRole<HTMLButtonElement>('button', { name: 'Completar tarea' }).disabled).toBe(true);
    cleanup();

    renderAt(
      '/tareas?scope=mine',
      routes,
      fakeApi({ 'GET /api/tasks': () => json({ items: [], total: 0 }), 'GET /api/procedures': () => json(procedures) }).api,
    );
    expect(await screen.findByText('No hay tareas que cumplan estos criterios.')).toBeTruthy();
  });
});
