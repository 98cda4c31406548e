// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, json, problem, renderAt } from '../../test/harness.tsx';
import { asListRow } from '../../test/plazo-fixtures.ts';
import { FilesListPage } from './FilesListPage.tsx';

const row = (code: string) => ({
  code,
  initialOption: { code: 'SEDE', name: 'Sede electrónica' },
  description: `Descripción de ${code}`,
  createdAt: '2026-03-01T09:05:00Z',
  createdBy: { username: 'ana', displayName: 'Pérez, Ana' },
  updatedAt: '2026-03-01T09:05:00Z',
  phase: { code: 'INICIAL', name: 'Fase inicial' },
  finished: code.endsWith('9'),
  processId: 'p',
});

function setup(total = 45, items: object[] = [row('EXP-1'), row('EXP-9')]) {
  return fakeApi({
    'GET /api/files': () => json({ items, total, page: 1, size: 20 }),
    'GET /api/initial-options': () => json({ items: [{ code: 'SEDE', name: 'Sede electrónica' }] }),
    'GET /api/procedures': () => json({ items: [{ code: 'EXPEDIENTE' }] }),
    'GET /api/procedures/EXPEDIENTE': () =>
      json({
        phases: [
          { code: 'VALIDADO', name: 'Fase de validación', ordering: 3 },
          { code: 'INICIAL', name: 'Fase inicial', ordering: 1 },
        ],
      }),
  });
}
const routes = [{ path: '/expedientes', element: <FilesListPage /> }];
const location = () => screen.getByTestId('location').textContent;
const lastListQuery = (calls: ReturnType<typeof setup>['calls']) => calls.filter((c) => c.url.pathname === '/api/files').at(-1)?.url.searchParams;

describe('the list of expedientes', () => {
  afterEach(cleanup);

  it('asks the API for what the URL says and shows the rows with Madrid dates', async () => {
    const { api, calls } = setup();
    renderAt('/expedientes?q=obra&phase=INICIAL&sort=code&page=2', routes, api);
    await screen.findByRole('link', { name: 'EXP-1' });
    const query = lastListQuery(calls)!;
    expect(Object.fromEntries(query)).toEqual({ q: 'obra', phase: 'INICIAL', sort: 'code', page: '2', size: '20' });
    expect(screen.getAllByText('01/03/2026 10:05')).toHaveLength(2);
    expect(screen.getByText('Mostrando 21–40 de 45 expedientes')).toBeTruthy();
    expect(screen.getByText('Página 2 de 3')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Buscar').value).toBe('obra');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Fase').value).toBe('INICIAL'));
    expect(screen.getByRole('columnheader', { name: /Código/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByText('Finalizado')).toBeTruthy();
  });

  it('puts submitted filters in the URL and starts again at page 1', async () => {
    const { api, calls } = setup();
    renderAt('/expedientes?page=3', routes, api);
    await screen.findByRole('link', { name: 'EXP-1' });
    fireEvent.change(screen.getByLabelText('Buscar'), { target: { value: 'licencia' } });
    await screen.findByRole('option', { name: 'Fase de validación' });
    fireEvent.change(screen.getByLabelText('Fase'), { target: { value: 'VALIDADO' } });
    fireEvent.change(screen.getByLabelText('Opción inicial'), { target: { value: 'SEDE' } });
    fireEvent.change(screen.getByLabelText('Creados desde'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('Creados hasta'), { target: { value: '2026-01-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buscar' }));
    await waitFor(() => expect(location()).toBe('/expedientes?q=licencia&phase=VALIDADO&initialOption=SEDE&from=2026-01-01&to=2026-01-31'));
    await waitFor(() => expect(lastListQuery(calls)?.get('to')).toBe('2026-01-31'));
    expect(lastListQuery(calls)?.get('page')).toBe('1');
  });

  it('refuses a backwards date range, saying so next to the field', async () => {
    const { api } = setup();
    renderAt('/expedientes', routes, api);
    fireEvent.change(screen.getByLabelText('Creados desde'), { target: { value: '2026-02-01' } });
    fireEvent.change(screen.getByLabelText('Creados hasta'), { target: { value: '2026-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buscar' }));
    const to = screen.getByLabelText('Creados hasta');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toMatch(/no puede ser anterior/);
    expect(location()).toBe('/expedientes');
  });

  it('says "more than" when the server stopped counting, and keeps the next page open', async () => {
    const api = fakeApi({
      'GET /api/files': () => json({ items: [row('EXP-1'), row('EXP-9')], total: 1000, totalRelation: 'gte', page: 50, size: 20 }),
      'GET /api/initial-options': () => json({ items: [] }),
      'GET /api/procedures': () => json({ items: [] }),
    }).api;
    renderAt('/expedientes?q=licencia&page=50', routes, api);
    await screen.findByText('Mostrando 981–1000 de más de 1000 expedientes');
    expect(screen.getByText('Página 50 de 50 o más')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Siguiente' }));
    await waitFor(() => expect(location()).toBe('/expedientes?q=licencia&page=51'));
  });

  it('sorts by a column header and pages forward and back through the URL', async () => {
    const { api } = setup();
    renderAt('/expedientes', routes, api);
    await screen.findByRole('link', { name: 'EXP-1' });
    fireEvent.click(screen.getByRole('button', { name: /Descripción/ }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=description'));
    fireEvent.click(screen.getByRole('button', { name: /Descripción/ }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=-description'));
    fireEvent.click(screen.getByRole('button', { name: 'Siguiente' }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=-description&page=2'));
    fireEvent.click(screen.getByRole('button', { name: 'Anterior' }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=-description'));
    fireEvent.change(screen.getByLabelText('Por página'), { target: { value: '50' } });
    await waitFor(() => expect(location()).toBe('/expedientes?sort=-description&size=50'));
    fireEvent.click(screen.getByRole('button', { name: 'Limpiar filtros' }));
    await waitFor(() => expect(location()).toBe('/expedientes'));
  });

  it("shows each row's maximum plazo as a light in words with its due date, and sorts by it", async () => {
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const { api, calls } = setup(3, [
      asListRow({
        ...row('EXP-1'),
        organism: 'L01410917',
        plazo: { state: 'RUNNING', dueAt: soon, nearFrom: '2020-01-01T00:00:00Z', dueStatus: 'PROVISIONAL' },
      }),
      asListRow({ ...row('EXP-2'), organism: 'L01410917', plazo: { state: 'SUSPENDED', dueAt: null, nearFrom: null, dueStatus: null } }),
      asListRow({
        ...row('EXP-3'),
        organism: 'L01410917',
        plazo: { state: 'RUNNING', dueAt: '2020-04-10T21:59:59.999Z', nearFrom: '2020-04-07T22:00:00Z', dueStatus: 'FINAL' },
      }),
      row('EXP-9'),
    ]);
    renderAt('/expedientes', routes, api);
    const cell = async (code: string) => (await screen.findByRole('link', { name: code })).closest('tr')!;
    expect((await cell('EXP-1')).textContent).toContain('Próximo a vencer');
    expect((await cell('EXP-1')).textContent).toContain('(provisional)');
    expect((await cell('EXP-2')).textContent).toContain('Suspendidosuspendido');
    expect((await cell('EXP-3')).textContent).toContain('Vencido10/04/2020 23:59');
    expect((await cell('EXP-9')).textContent).toContain('Sin plazo');
    fireEvent.click(screen.getByRole('button', { name: /^Plazo/ }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=plazo'));
    await waitFor(() => expect(lastListQuery(calls)?.get('sort')).toBe('plazo'));
    expect(screen.getByRole('columnheader', { name: /^Plazo/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /^Plazo/ }));
    await waitFor(() => expect(location()).toBe('/expedientes?sort=-plazo'));
  });

  it('says plainly when nothing matches', async () => {
    const { api } = setup(0, []);
    renderAt('/expedientes?q=nada', routes, api);
    expect(await screen.findByText('No hay expedientes que cumplan estos criterios.')).toBeTruthy();
  });

  it('explains a server failure in words and retries on request', async () => {
    let fail = true;
    const { api } = fakeApi({
      'GET /api/files': () => (fail ? problem(502, 'upstream-unavailable') : json({ items: [row('EXP-2')], total: 1, page: 1, size: 20 })),
      'GET /api/initial-options': () => json({ items: [] }),
      'GET /api/procedures': () => json({ items: [] }),
    });
    renderAt('/expedientes', routes, api);
    expect((await screen.findByRole('alert')).textContent).toContain('no está disponible ahora mismo');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    await screen.findByRole('link', { name: 'EXP-2' });
  });
});
