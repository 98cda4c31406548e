// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrganismResource } from '@tramita/contracts';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Layout } from '../../app/Layout.tsx';
import { ServicesContext } from '../api/context.tsx';
import { fakeApi, fakeUpload, json, problem, type Handler } from '../../test/harness.tsx';
import { OrganismsPage } from './OrganismsPage.tsx';

afterEach(cleanup);

const organism = (code: string, name: string, active = true): OrganismResource => ({ code, name, active, createdAt: '2026-12-01T09:00:00.000Z' });

/** auth's organisms as a platform administrator reads them, kept between calls so a reload shows each change. */
function organismsServer(extra: Record<string, Handler> = {}) {
  const items = [organism('E00000000', 'Organismo de la plataforma'), organism('L01280796', 'Ayuntamiento de Madrid')];
  return fakeApi({
    'GET /api/organisms': () => json({ items }),
    'POST /api/organisms': ({ body }) => {
      const { code, name } = body as { code: string; name: string };
      if (items.some((item) => item.code === code)) return problem(409, 'organism-exists', `Organism ${code} already exists.`);
      const created = organism(code, name);
      items.push(created);
      return json(created, 201);
    },
    'PATCH /api/organisms/L01280796': ({ body }) => {
      const change = body as { name?: string; active?: boolean };
      const index = items.findIndex((item) => item.code === 'L01280796');
      items[index] = { ...items[index]!, ...change };
      return json(items[index]);
    },
    'PATCH /api/organisms/E00000000': () => problem(409, 'default-organism', "The platform's own organism cannot be turned off."),
    ...extra,
  });
}

function renderAs(roles: string[], api: ReturnType<typeof fakeApi>['api'], path = '/organismos') {
  const services = { api, profile: { username: 'admin', displayName: 'López Navarro, Carlos', roles }, upload: fakeUpload().upload };
  return render(
    <ServicesContext.Provider value={services}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<Layout profile={services.profile} onLogout={() => {}} />}>
            <Route path="/organismos" element={<OrganismsPage />} />
            <Route path="/organismos/:code" element={<h1>organism page</h1>} />
            <Route path="/expedientes" element={<h1>list</h1>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </ServicesContext.Provider>,
  );
}

const addForm = () => screen.getByRole('form', { name: 'Nuevo organismo' });
const describedText = (field: HTMLElement) =>
  (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('the organisms page', () => {
  it('is linked in the navigation for administrators only', () => {
    renderAs(['platform-admin', 'admin'], organismsServer().api, '/expedientes');
    const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).getByRole('link', { name: 'Organismos' }).getAttribute('href')).toBe('/organismos');
    cleanup();
    renderAs(['tramitador', 'consulta'], organismsServer().api, '/expedientes');
    expect(within(screen.getByRole('navigation', { name: 'Navegación principal' })).queryByRole('link', { name: 'Organismos' })).toBeNull();
  });

  it("lists an organism's administrator's organisms, each linked to its page, without the platform's controls", async () => {
    const { api } = fakeApi({ 'GET /api/organisms': () => json({ items: [organism('L01280796', 'Ayuntamiento de Madrid')] }) });
    renderAs(['admin'], api);
    const link = await screen.findByRole('link', { name: 'Ayuntamiento de Madrid' });
    expect(link.getAttribute('href')).toBe('/organismos/L01280796');
    expect(screen.getByRole('row', { name: /Ayuntamiento de Madrid/ }).textContent).toContain('Activo');
    expect(screen.queryByRole('form', { name: 'Nuevo organismo' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Cambiar nombre/ })).toBeNull();
  });

  it('refuses a code that is not DIR3 before asking the server, by its field', async () => {
    const { api, calls } = organismsServer();
    renderAs(['platform-admin'], api);
    await screen.findByRole('link', { name: 'Ayuntamiento de Madrid' });
    const code = within(addForm()).getByLabelText(/Código DIR3/);
    fireEvent.change(code, { target: { value: '123456789' } });
    fireEvent.change(within(addForm()).getByLabelText(/Nombre/), { target: { value: 'Diputación' } });
    fireEvent.click(within(addForm()).getByRole('button', { name: 'Añadir organismo' }));
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(code)).toContain('empieza por una letra');
    await waitFor(() => expect(document.activeElement).toBe(code));
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('adds an organism with its code upper-cased, lists it and announces it, ready for the next one', async () => {
    const { api, calls } = organismsServer();
    renderAs(['platform-admin'], api);
    await screen.findByRole('link', { name: 'Ayuntamiento de Madrid' });
    const code = within(addForm()).getByLabelText(/Código DIR3/);
    fireEvent.change(code, { target: { value: ' a13002908 ' } });
    fireEvent.change(within(addForm()).getByLabelText(/Nombre/), { target: { value: 'Consejería de Hacienda' } });
    fireEvent.click(within(addForm()).getByRole('button', { name: 'Añadir organismo' }));
    expect(await screen.findByText('Organismo A13002908 añadido.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ code: 'A13002908', name: 'Consejería de Hacienda' });
    expect(await screen.findByRole('link', { name: 'Consejería de Hacienda' })).toBeTruthy();
    expect((code as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(code));
  });

  it("shows the server's refusal of a taken code by the code field, and of a bad name by the name field", async () => {
    const { api } = organismsServer({
      'POST /api/organisms': ({ body }) =>
        (body as { name: string }).name === 'x\u200b'
          ? problem(400, 'invalid-name', 'The name must have 1 to 200 visible characters.')
          : problem(409, 'organism-exists', 'Organism L01280796 already exists.'),
    });
    renderAs(['platform-admin'], api);
    await screen.findByRole('link', { name: 'Ayuntamiento de Madrid' });
    const code = within(addForm()).getByLabelText(/Código DIR3/);
    const name = within(addForm()).getByLabelText(/Nombre/);
    fireEvent.change(code, { target: { value: 'L01280796' } });
    fireEvent.change(name, { target: { value: 'Otra vez Madrid' } });
    fireEvent.click(within(addForm()).getByRole('button', { name: 'Añadir organismo' }));
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(code)).toContain('Ya existe un organismo con ese código DIR3.');
    await waitFor(() => expect(document.activeElement).toBe(code));

    fireEvent.change(code, { target: { value: 'A13002908' } });
    fireEvent.change(name, { target: { value: 'x\u200b' } });
    fireEvent.click(within(addForm()).getByRole('button', { name: 'Añadir organismo' }));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(name)).toContain('entre 1 y 200 caracteres visibles');
    expect(code.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(name));
  });

  it('renames an organism and gives the focus back to its rename button', async () => {
    const { api, calls } = organismsServer();
    renderAs(['platform-admin'], api);
    fireEvent.click(await screen.findByRole('button', { name: 'Cambiar nombre de Ayuntamiento de Madrid' }));
    const form = screen.getByRole('form', { name: 'Cambiar nombre de Ayuntamiento de Madrid' });
    const field = within(form).getByLabelText('Nuevo nombre');
    await waitFor(() => expect(document.activeElement).toBe(field));
    fireEvent.change(field, { target: { value: 'Ayuntamiento de Madrid (Área de Urbanismo)' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar nombre' }));
    expect(await screen.findByText('El organismo L01280796 se llama ahora «Ayuntamiento de Madrid (Área de Urbanismo)».')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ name: 'Ayuntamiento de Madrid (Área de Urbanismo)' });
    const button = await screen.findByRole('button', { name: 'Cambiar nombre de Ayuntamiento de Madrid (Área de Urbanismo)' });
    await waitFor(() => expect(document.activeElement).toBe(button));
  });

  it('turns an organism off only once confirmed, and on again', async () => {
    const { api, calls } = organismsServer();
    renderAs(['platform-admin'], api);
    fireEvent.click(await screen.findByRole('button', { name: 'Desactivar Ayuntamiento de Madrid' }));
    expect(calls.some((call) => call.method === 'PATCH')).toBe(false);
    const question = screen.getByRole('group', { name: /¿Desactivar Ayuntamiento de Madrid\?/ });
    fireEvent.click(within(question).getByRole('button', { name: 'Desactivar' }));
    expect(await screen.findByText(/Ayuntamiento de Madrid está desactivado/)).toBeTruthy();
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ active: false });
    const turnOn = await screen.findByRole('button', { name: 'Activar Ayuntamiento de Madrid' });
    expect(screen.getByRole('row', { name: /Ayuntamiento de Madrid/ }).textContent).toContain('Desactivado');
    await waitFor(() => expect(document.activeElement).toBe(turnOn));
    fireEvent.click(turnOn);
    expect(await screen.findByText('Ayuntamiento de Madrid está activo de nuevo.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PATCH').at(-1)?.body).toEqual({ active: true });
  });

  it("says in words that the platform's own organism cannot be turned off", async () => {
    const { api } = organismsServer();
    renderAs(['platform-admin'], api);
    fireEvent.click(await screen.findByRole('button', { name: 'Desactivar Organismo de la plataforma' }));
    fireEvent.click(within(screen.getByRole('group', { name: /¿Desactivar Organismo de la plataforma\?/ })).getByRole('button', { name: 'Desactivar' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('El organismo propio de la plataforma no se puede desactivar.');
    expect(alert.textContent).toContain('default-organism');
  });
});
