// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { NoticeListResource } from '@tramita/contracts';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../features/api/client.ts';
import { ServicesContext } from '../features/api/context.tsx';
import { NoticesPanel } from '../features/plazos/NoticesPanel.tsx';
import { fakeApi, fakeUpload, json, problem, type Handler } from '../test/harness.tsx';
import { notices } from '../test/plazo-fixtures.ts';
import { Layout } from './Layout.tsx';

afterEach(cleanup);

/** bpm's notices: two unread (n2, n3); marking one read lowers the count the next read answers. */
function noticesServer(extra: Record<string, Handler> = {}) {
  const base = notices();
  const n2 = base.items.find((n) => n.noticeId === 'n2')!;
  let inbox: NoticeListResource = { unread: 2, items: [...base.items, { ...n2, noticeId: 'n3', fileCode: 'EXP-4' }] };
  return fakeApi({
    'GET /api/notices': () => json(inbox),
    'POST /api/notices/n2/read': () => {
      inbox = { unread: 1, items: inbox.items.map((n) => (n.noticeId === 'n2' ? { ...n, readAt: '2026-03-06T10:00:00+01:00' } : n)) };
      return json({ ...n2, readAt: '2026-03-06T10:00:00+01:00' });
    },
    ...extra,
  });
}

function renderLayout(api: ApiClient, path = '/tareas') {
  const services = { api, profile: { username: 'ana', displayName: 'Pérez, Ana', roles: ['tramitador'] }, upload: fakeUpload().upload };
  render(
    <ServicesContext.Provider value={services}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<Layout profile={services.profile} onLogout={() => {}} />}>
            <Route
              path="/tareas"
              element={
                <>
                  <h1>Mis tareas</h1>
                  <NoticesPanel />
                </>
              }
            />
            <Route
              path="/expedientes"
              element={
                <>
                  <h1>Expedientes</h1>
                  <Link to="/tareas">ir a tareas</Link>
                </>
              }
            />
          </Route>
        </Routes>
      </MemoryRouter>
    </ServicesContext.Provider>,
  );
  return within(screen.getByRole('navigation', { name: 'Navegación principal' }));
}

describe('the unread-notices count in the main navigation', () => {
  it('names "Mis tareas" with the count in words and shows the number beside it', async () => {
    const { api } = noticesServer();
    const nav = renderLayout(api, '/expedientes');
    const link = await nav.findByRole('link', { name: 'Mis tareas, 2 avisos sin leer' });
    expect(link.getAttribute('href')).toBe('/tareas');
    // What the eye reads ("Mis tareas 2") is inside the name, so speech input finds it (WCAG 2.5.3).
    expect(link.textContent).toBe('Mis tareas 2');
    expect(link.querySelector('[aria-hidden="true"]')?.textContent).toBe('2');
  });

  it('lowers the count as soon as the tasks page marks a notice read', async () => {
    const { api, calls } = noticesServer();
    const nav = renderLayout(api);
    await nav.findByRole('link', { name: 'Mis tareas, 2 avisos sin leer' });
    const panel = screen.getByRole('region', { name: /Avisos/ });
    fireEvent.click(await within(panel).findByRole('button', { name: 'Marcar como leído el aviso «Plazo vencido» del expediente EXP-3' }));
    expect(await nav.findByRole('link', { name: 'Mis tareas, 1 aviso sin leer' })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.url.pathname === '/api/notices/n2/read')).toBe(true);
  });

  it('reads the count again on the next page, so a notice read elsewhere is not counted', async () => {
    let unread = 2;
    const { api } = fakeApi({ 'GET /api/notices': () => json({ unread, items: [] }) });
    const nav = renderLayout(api, '/expedientes');
    await nav.findByRole('link', { name: 'Mis tareas, 2 avisos sin leer' });
    unread = 0;
    fireEvent.click(screen.getByRole('link', { name: 'ir a tareas' }));
    await waitFor(() => expect(nav.getByRole('link', { name: 'Mis tareas' }).querySelector('.nav-count')).toBeNull());
  });

  it('drops the count rather than show a stale one when bpm cannot say', async () => {
    let failing = false;
    const { api } = fakeApi({ 'GET /api/notices': () => (failing ? problem(503, 'upstream-unavailable') : json({ unread: 3, items: [] })) });
    const nav = renderLayout(api, '/expedientes');
    await nav.findByRole('link', { name: 'Mis tareas, 3 avisos sin leer' });
    failing = true;
    fireEvent.click(screen.getByRole('link', { name: 'ir a tareas' }));
    await waitFor(() => expect(nav.getByRole('link', { name: 'Mis tareas' }).textContent).toBe('Mis tareas'));
  });
});
