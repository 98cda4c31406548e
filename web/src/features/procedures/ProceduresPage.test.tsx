// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { OrganismResource, ProcedureDeploymentResource, ProcedureListResource } from '@tramita/contracts';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Layout } from '../../app/Layout.tsx';
import { ServicesContext } from '../api/context.tsx';
import { fakeViewer, type FakeViewer } from '../../test/fake-diagram-viewer.ts';
import { fakeApi, fakeUpload, json, problem, type Handler } from '../../test/harness.tsx';
import { ProceduresPage } from './ProceduresPage.tsx';

const drawn = vi.hoisted(() => ({ viewers: [] as FakeViewer[] }));
vi.mock('../diagram/bpmn-viewer.ts', () => ({
  createViewer: () => {
    const viewer = fakeViewer({ Revision: { name: 'Revisión técnica', activity: true } });
    drawn.viewers.push(viewer);
    return viewer;
  },
}));

afterEach(() => {
  cleanup();
  drawn.viewers.length = 0;
});

const organism = (code: string, name: string, active = true): OrganismResource => ({ code, name, active, createdAt: '2026-12-01T09:00:00.000Z' });
const XML = (version: number) => `<?xml version="1.0"?><definitions id="v${version}"><process id="licencias"/></definitions>`;

/** bpm's catalogue as an organism's administrator reads it; a deployed file adds a version. */
function catalogueServer(extra: Record<string, Handler> = {}) {
  const items: ProcedureListResource['items'] = [
    { code: 'licencias', name: 'Licencias de obra', latestVersion: 2, versions: [1, 2], organism: 'L01280796', format: 'bpmn' },
    { code: 'GENERICO', name: 'Procedimiento genérico', latestVersion: 1, versions: [1], organism: null, format: 'phases' },
  ];
  return fakeApi({
    'GET /api/procedures': () => json({ items } satisfies ProcedureListResource),
    'GET /api/organisms': () => json({ items: [organism('L01280796', 'Ayuntamiento de Madrid'), organism('L01280000', 'Ayuntamiento cerrado', false)] }),
    'GET /api/procedures/licencias/bpmn': ({ url }) =>
      new Response(XML(Number(url.searchParams.get('version'))), { headers: { 'content-type': 'application/xml' } }),
    'POST /api/procedures': () => {
      items[0] = { ...items[0]!, latestVersion: 3, versions: [1, 2, 3] };
      return json(
        {
          procedures: [
            { code: 'licencias', name: 'Licencias de obra', version: 3, unchanged: false },
            { code: 'tasas', name: 'Tasas', version: 1, unchanged: true },
          ],
          warnings: [{ elementId: 'Revision', type: 'bpmn:UserTask', line: 12, message: 'The task names no candidates.' }],
        } satisfies ProcedureDeploymentResource,
        201,
      );
    },
    ...extra,
  });
}

function renderAs(roles: string[], api: ReturnType<typeof fakeApi>['api'], path = '/procedimientos') {
  const services = { api, profile: { username: 'admin', displayName: 'López Navarro, Carlos', roles }, upload: fakeUpload().upload };
  return render(
    <ServicesContext.Provider value={services}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<Layout profile={services.profile} onLogout={() => {}} />}>
            <Route path="/procedimientos" element={<ProceduresPage />} />
            <Route path="/expedientes" element={<h1>list</h1>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </ServicesContext.Provider>,
  );
}

const deployForm = () => screen.getByRole('form', { name: 'Desplegar un archivo BPMN' });
const choose = (content: string, name = 'licencias.bpmn') =>
  fireEvent.change(within(deployForm()).getByLabelText(/Archivo BPMN 2.0/), { target: { files: [new File([content], name, { type: '' })] } });

describe('the "Procedimientos" page', () => {
  it('is in the navigation of administrators', () => {
    renderAs(['admin'], catalogueServer().api, '/expedientes');
    const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).getByRole('link', { name: 'Procedimientos' }).getAttribute('href')).toBe('/procedimientos');
  });

  it('lists each procedure with its catalogue, format and versions', async () => {
    renderAs(['admin'], catalogueServer().api);
    const licencias = await screen.findByRole('row', { name: /Licencias de obra/ });
    expect(licencias.textContent).toContain('L01280796');
    expect(licencias.textContent).toContain('BPMN 2.0');
    expect(licencias.textContent).toContain('1, 2 (vigente: 2)');
    const generico = screen.getByRole('row', { name: /Procedimiento genérico/ });
    expect(generico.textContent).toContain('Compartido');
    expect(generico.textContent).toContain('Tabla de fases');
    // A phase table has no diagram to show.
    expect(within(generico).queryByRole('button')).toBeNull();
  });

  it("deploys a BPMN file as XML into the administrator's organism, shows each procedure's outcome and warnings, and lists the new version", async () => {
    const { api, calls } = catalogueServer();
    renderAs(['admin'], api);
    await screen.findByRole('row', { name: /Licencias de obra/ });
    const catalogue = within(deployForm()).getByLabelText('Catálogo');
    // Only active organisms, and no shared catalogue for an organism's administrator.
    await waitFor(() =>
      expect(
        within(catalogue)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Ayuntamiento de Madrid (L01280796)']),
    );
    choose(XML(3));
    fireEvent.click(within(deployForm()).getByRole('button', { name: 'Desplegar' }));
    expect(await screen.findByText('Se ha desplegado licencias.bpmn.')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url.search).toBe('?organism=L01280796');
    expect(post.headers.get('content-type')).toBe('application/xml');
    expect(post.body).toBe(XML(3));
    const result = screen.getByRole('table', { name: 'Procedimientos de licencias.bpmn' });
    expect(within(result).getByRole('row', { name: /Licencias de obra/ }).textContent).toContain('Nueva versión 3');
    expect(within(result).getByRole('row', { name: /Tasas/ }).textContent).toContain('Sin cambios: sigue en la versión 1');
    const warnings = screen.getByRole('table', { name: /Avisos de licencias.bpmn/ });
    expect(within(warnings).getByRole('row', { name: /Revision/ }).textContent).toBe('Revisionbpmn:UserTask12The task names no candidates.');
    const list = screen.getByRole('table', { name: 'Procedimientos con sus versiones y formato' });
    await waitFor(() => expect(within(list).getByRole('row', { name: /Licencias de obra/ }).textContent).toContain('1, 2, 3 (vigente: 3)'));
  });

  it('offers the shared catalogue first to a platform administrator and deploys there without an organism', async () => {
    const { api, calls } = catalogueServer();
    renderAs(['platform-admin', 'admin'], api);
    await screen.findByRole('row', { name: /Licencias de obra/ });
    await waitFor(() => expect(within(deployForm()).getAllByRole('option').length).toBe(2));
    expect(within(deployForm()).getByLabelText<HTMLSelectElement>('Catálogo').value).toBe('');
    choose(XML(3));
    fireEvent.click(within(deployForm()).getByRole('button', { name: 'Desplegar' }));
    await screen.findByText('Se ha desplegado licencias.bpmn.');
    expect(calls.find((c) => c.method === 'POST')?.url.search).toBe('');
  });

  it("shows a refused file's problems as a table of element, type, line and message", async () => {
    const problems = [
      {
        elementId: 'Gateway_1',
        type: 'bpmn:InclusiveGateway',
        line: 40,
        message: 'Inclusive gateways are not supported: use an exclusive or a parallel gateway.',
      },
      { elementId: null, type: 'bpmn:Definitions', line: null, message: 'The file has no executable process.' },
    ];
    const { api } = catalogueServer({
      'POST /api/procedures': () =>
        json({ type: 'about:blank', title: 'x', status: 422, code: 'bpmn-not-executable', detail: 'x', problems, warnings: [] }, 422),
    });
    renderAs(['admin'], api);
    await screen.findByRole('row', { name: /Licencias de obra/ });
    choose('<definitions/>', 'malo.bpmn');
    fireEvent.click(within(deployForm()).getByRole('button', { name: 'Desplegar' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'No se ha desplegado malo.bpmn: tiene 2 problemas. Corríjalos en el modelador y vuelva a desplegarlo.',
    );
    const table = screen.getByRole('table', { name: 'Problemas de malo.bpmn' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Elemento', 'Tipo', 'Línea', 'Problema']);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual([
      'Gateway_1bpmn:InclusiveGateway40Inclusive gateways are not supported: use an exclusive or a parallel gateway.',
      '—bpmn:Definitions—The file has no executable process.',
    ]);
  });

  it('asks for a file before sending anything, and says other refusals in words', async () => {
    const { api, calls } = catalogueServer({ 'POST /api/procedures': () => problem(403, 'role-required') });
    renderAs(['admin'], api);
    await screen.findByRole('row', { name: /Licencias de obra/ });
    const input = within(deployForm()).getByLabelText(/Archivo BPMN 2.0/);
    fireEvent.click(within(deployForm()).getByRole('button', { name: 'Desplegar' }));
    expect(within(deployForm()).getByText('Elija el archivo .bpmn que quiere desplegar.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    choose(XML(3));
    fireEvent.click(within(deployForm()).getByRole('button', { name: 'Desplegar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('role-required');
    expect(screen.queryByRole('table', { name: /Problemas/ })).toBeNull();
  });

  it("draws a procedure version's diagram as deployed, with no state on it", async () => {
    const { api, calls } = catalogueServer();
    renderAs(['consulta'], api);
    await screen.findByRole('row', { name: /Licencias de obra/ });
    expect(screen.queryByRole('form', { name: 'Desplegar un archivo BPMN' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ver diagrama de Licencias de obra, versión 2' }));
    await screen.findByRole('figure', { name: 'Diagrama de Licencias de obra (licencias), versión 2' });
    await waitFor(() => expect(drawn.viewers.at(-1)?.xml).toBe(XML(2)));
    expect(drawn.viewers.at(-1)?.markers).toEqual([]);
    expect(drawn.viewers.at(-1)?.badges).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Diagrama' })));

    const section = screen.getByRole('region', { name: 'Diagrama' });
    fireEvent.change(within(section).getByLabelText('Versión'), { target: { value: '1' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Ver diagrama' }));
    await screen.findByRole('figure', { name: 'Diagrama de Licencias de obra (licencias), versión 1' });
    await waitFor(() => expect(drawn.viewers.at(-1)?.xml).toBe(XML(1)));
    const reads = calls.filter((c) => c.url.pathname === '/api/procedures/licencias/bpmn').map((c) => c.url.search);
    expect(reads).toEqual(['?version=2&organism=L01280796', '?version=1&organism=L01280796']);
  });
});
