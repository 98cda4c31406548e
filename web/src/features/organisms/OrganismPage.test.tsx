// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemberResource } from '@tramita/contracts';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ServicesContext } from '../api/context.tsx';
import { fakeApi, fakeUpload, json, problem, type Handler } from '../../test/harness.tsx';
import { OrganismPage } from './OrganismPage.tsx';
import type { CreateAccountBody, Unit } from './organisms.ts';

afterEach(cleanup);

const ORG = '/api/organisms/L01280796';
const USERS: Record<string, string> = { admin: 'López Navarro, Carlos', consulta: 'García Molina, Elena', tramitador: 'Martínez Romero, Lucía' };

/** auth as an organism's administrator reads it, kept between calls so a reload shows each change. */
function organismServer(extra: Record<string, Handler> = {}) {
  const units: Unit[] = [
    { organism: 'L01280796', code: 'LA0000001', name: 'Licencias urbanísticas', active: true },
    { organism: 'L01280796', code: 'LA0000002', name: 'Registro antiguo', active: false },
  ];
  const members: MemberResource[] = [{ username: 'admin', displayName: USERS.admin!, roles: ['admin'], units: [], enabled: true, accountManaged: false }];
  const server = fakeApi({
    'GET /api/organisms': () => json({ items: [{ code: 'L01280796', name: 'Ayuntamiento de Madrid', active: true, createdAt: '2026-12-01T09:00:00.000Z' }] }),
    [`GET ${ORG}/units`]: () => json({ items: units }),
    [`POST ${ORG}/units`]: ({ body }) => {
      const { code, name } = body as { code: string; name: string };
      if (units.some((unit) => unit.code === code)) return problem(409, 'unit-exists', `Organism L01280796 already has unit ${code}.`);
      const unit = { organism: 'L01280796', code, name, active: true };
      units.push(unit);
      return json(unit, 201);
    },
    [`PATCH ${ORG}/units/LA0000001`]: ({ body }) => {
      Object.assign(units[0]!, body);
      return json(units[0]);
    },
    [`GET ${ORG}/members`]: () => json({ items: members }),
    [`PUT ${ORG}/members/consulta`]: ({ body }) => {
      const { roles, units: held } = body as { roles: string[]; units: string[] };
      const member = { username: 'consulta', displayName: USERS.consulta!, roles, units: held, enabled: true, accountManaged: false };
      const index = members.findIndex((m) => m.username === 'consulta');
      if (index >= 0) members[index] = member;
      else members.push(member);
      return json(member);
    },
    [`PUT ${ORG}/members/nadie`]: () => problem(404, 'user-not-found', 'There is no user "nadie".'),
    [`PUT ${ORG}/members/admin`]: () =>
      problem(409, 'last-organism-administrator', 'admin is the last administrator of L01280796: make someone else one first.'),
    [`DELETE ${ORG}/members/admin`]: () =>
      problem(409, 'last-organism-administrator', 'admin is the last administrator of L01280796: make someone else one first.'),
    ...extra,
  });
  return { ...server, members, units };
}

function renderPage(api: ReturnType<typeof fakeApi>['api']) {
  const services = { api, profile: { username: 'admin', displayName: USERS.admin!, roles: ['admin'] }, upload: fakeUpload().upload };
  return render(
    <ServicesContext.Provider value={services}>
      <MemoryRouter initialEntries={['/organismos/L01280796']}>
        <Routes>
          <Route path="/organismos/:code" element={<OrganismPage />} />
        </Routes>
      </MemoryRouter>
    </ServicesContext.Provider>,
  );
}

const units = () => screen.getByRole('region', { name: 'Unidades' });
const members = () => screen.getByRole('region', { name: 'Miembros' });
const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe("an organism's page", () => {
  it('links to its calendar of días inhábiles', async () => {
    const { api } = organismServer();
    renderPage(api);
    expect((await screen.findByRole('link', { name: 'Calendario de días inhábiles' })).getAttribute('href')).toBe('/organismos/L01280796/calendario');
  });

  it('shows the organism by name, its units with their state, and its members with roles and units in words', async () => {
    const { api } = organismServer({
      [`GET ${ORG}/members`]: () =>
        json({
          items: [
            { username: 'admin', displayName: USERS.admin!, roles: ['admin'], units: [], enabled: true, accountManaged: false },
            {
              username: 'tramitador',
              displayName: USERS.tramitador!,
              roles: ['validador', 'tramitador'],
              units: ['LA0000001'],
              enabled: true,
              accountManaged: false,
            },
          ],
        }),
    });
    renderPage(api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Organismo: Ayuntamiento de Madrid' })).toBeTruthy();
    expect((await within(units()).findByRole('row', { name: /Licencias urbanísticas/ })).textContent).toContain('Activo');
    expect(within(units()).getByRole('row', { name: /Registro antiguo/ }).textContent).toContain('Desactivado');
    const row = await within(members()).findByRole('row', { name: /Martínez Romero, Lucía/ });
    expect(row.textContent).toContain('tramitador');
    expect(row.textContent).toContain('Tramitador, Validador');
    expect(row.textContent).toContain('Licencias urbanísticas');
    expect(within(members()).getByRole('row', { name: /López Navarro, Carlos/ }).textContent).toContain('Administrador del organismo');
  });

  it('adds a unit and offers it, active, to the members', async () => {
    const { api, calls } = organismServer();
    renderPage(api);
    await within(units()).findByRole('row', { name: /Licencias urbanísticas/ });
    const form = within(units()).getByRole('form', { name: 'Nueva unidad' });
    fireEvent.change(within(form).getByLabelText(/Código DIR3/), { target: { value: 'la0000003' } });
    fireEvent.change(within(form).getByLabelText(/Nombre/), { target: { value: 'Actividades' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir unidad' }));
    expect(await within(units()).findByText('Unidad LA0000003 añadida.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ code: 'LA0000003', name: 'Actividades' });
    await within(units()).findByRole('row', { name: /Actividades/ });
    fireEvent.click(within(members()).getByRole('button', { name: 'Añadir miembro' }));
    const unitsGroup = within(members()).getByRole('group', { name: 'Unidades' });
    expect(within(unitsGroup).getByLabelText(/Actividades/)).toBeTruthy();
    // A turned-off unit cannot be given: the server would refuse it.
    expect(within(unitsGroup).queryByLabelText(/Registro antiguo/)).toBeNull();
  });

  it('makes an existing user a tramitador with a unit, lists them and puts the focus on their row', async () => {
    const { api, calls } = organismServer();
    renderPage(api);
    await within(members()).findByRole('row', { name: /López Navarro, Carlos/ });
    fireEvent.click(within(members()).getByRole('button', { name: 'Añadir miembro' }));
    const form = within(members()).getByRole('form', { name: 'Nuevo miembro' });
    const username = within(form).getByLabelText(/Usuario/);
    await waitFor(() => expect(document.activeElement).toBe(username));
    fireEvent.change(username, { target: { value: 'consulta' } });
    fireEvent.click(within(form).getByLabelText('Tramitador'));
    fireEvent.click(within(form).getByLabelText(/Licencias urbanísticas/));
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir miembro' }));
    expect(await within(members()).findByText('Se han guardado los roles y unidades de García Molina, Elena.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')).toMatchObject({
      url: { pathname: `${ORG}/members/consulta` },
      body: { roles: ['tramitador'], units: ['LA0000001'] },
    });
    const row = await within(members()).findByRole('row', { name: /García Molina, Elena/ });
    expect(row.textContent).toContain('Tramitador');
    expect(row.textContent).toContain('Licencias urbanísticas');
    await waitFor(() => expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Cambiar los roles y unidades de García Molina, Elena' })));
  });

  it('asks for a role before sending, and says by the user name field that no such user exists until another is typed', async () => {
    const { api, calls } = organismServer();
    renderPage(api);
    await within(members()).findByRole('row', { name: /López Navarro, Carlos/ });
    fireEvent.click(within(members()).getByRole('button', { name: 'Añadir miembro' }));
    const form = within(members()).getByRole('form', { name: 'Nuevo miembro' });
    const username = within(form).getByLabelText(/Usuario/);
    fireEvent.change(username, { target: { value: 'nadie' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir miembro' }));
    const roles = within(form).getByRole('group', { name: /Roles/ });
    expect(describedText(roles)).toContain('Marque al menos un rol');
    await waitFor(() => expect(document.activeElement).toBe(within(roles).getByLabelText('Tramitador')));
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);

    fireEvent.click(within(form).getByLabelText('Consulta'));
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir miembro' }));
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(username)).toContain('No existe ningún usuario con ese nombre.');
    await waitFor(() => expect(document.activeElement).toBe(username));
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({ roles: ['consulta'], units: [] });
    // The message was about the name sent: typing another takes it back.
    fireEvent.change(username, { target: { value: 'consulta' } });
    expect(username.getAttribute('aria-invalid')).toBeNull();
    expect(within(form).queryByText('No existe ningún usuario con ese nombre.')).toBeNull();
  });

  it('says by the roles that the last administrator cannot lose the role, and by the units that one is no longer there', async () => {
    const { api } = organismServer({
      [`PUT ${ORG}/members/consulta`]: () => problem(400, 'unknown-unit', 'Organism L01280796 has no active unit LA0000001.'),
      [`GET ${ORG}/members`]: () =>
        json({
          items: [
            { username: 'admin', displayName: USERS.admin!, roles: ['admin'], units: [], enabled: true, accountManaged: false },
            { username: 'consulta', displayName: USERS.consulta!, roles: ['consulta'], units: ['LA0000001'], enabled: true, accountManaged: false },
          ],
        }),
    });
    renderPage(api);
    fireEvent.click(await within(members()).findByRole('button', { name: 'Cambiar los roles y unidades de López Navarro, Carlos' }));
    let form = within(members()).getByRole('form', { name: 'Roles y unidades de López Navarro, Carlos' });
    expect(within(form).getByLabelText<HTMLInputElement>('Administrador del organismo').checked).toBe(true);
    fireEvent.click(within(form).getByLabelText('Administrador del organismo'));
    fireEvent.click(within(form).getByLabelText('Tramitador'));
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    const roles = within(form).getByRole('group', { name: /Roles/ });
    await waitFor(() => expect(describedText(roles)).toContain('Es el último administrador del organismo'));

    fireEvent.click(within(form).getByRole('button', { name: 'Cancelar' }));
    const edit = within(members()).getByRole('button', { name: 'Cambiar los roles y unidades de García Molina, Elena' });
    fireEvent.click(edit);
    form = within(members()).getByRole('form', { name: 'Roles y unidades de García Molina, Elena' });
    expect(within(form).getByLabelText<HTMLInputElement>(/Licencias urbanísticas/).checked).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    const unitsGroup = within(form).getByRole('group', { name: 'Unidades' });
    await waitFor(() => expect(describedText(unitsGroup)).toContain('no existe o está desactivada'));
    fireEvent.keyDown(within(form).getByLabelText('Consulta'), { key: 'Escape' });
    expect(within(members()).queryByRole('form')).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(within(members()).getByRole('button', { name: 'Cambiar los roles y unidades de García Molina, Elena' })),
    );
  });

  it('takes a member out once confirmed, and says in words when they are the last administrator', async () => {
    const { api, calls } = organismServer({
      [`GET ${ORG}/members`]: () =>
        json({
          items: calls.some((call) => call.method === 'DELETE' && call.url.pathname.endsWith('/consulta'))
            ? [{ username: 'admin', displayName: USERS.admin!, roles: ['admin'], units: [], enabled: true, accountManaged: false }]
            : [
                { username: 'admin', displayName: USERS.admin!, roles: ['admin'], units: [], enabled: true, accountManaged: false },
                { username: 'consulta', displayName: USERS.consulta!, roles: ['consulta'], units: [], enabled: true, accountManaged: false },
              ],
        }),
      [`DELETE ${ORG}/members/consulta`]: () => new Response(null, { status: 204 }),
    });
    renderPage(api);
    fireEvent.click(await within(members()).findByRole('button', { name: 'Quitar a García Molina, Elena del organismo' }));
    const question = within(members()).getByRole('group', { name: '¿Quitar a García Molina, Elena de este organismo?' });
    expect(calls.some((call) => call.method === 'DELETE')).toBe(false);
    fireEvent.click(within(question).getByRole('button', { name: 'Sí, quitar' }));
    expect(await within(members()).findByText('García Molina, Elena ya no es miembro del organismo.')).toBeTruthy();
    await waitFor(() => expect(within(members()).queryByRole('row', { name: /García Molina, Elena/ })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(within(members()).getByRole('heading', { name: 'Miembros' })));

    fireEvent.click(within(members()).getByRole('button', { name: 'Quitar a López Navarro, Carlos del organismo' }));
    fireEvent.click(within(members()).getByRole('button', { name: 'Sí, quitar' }));
    const alert = await within(members()).findByRole('alert');
    expect(alert.textContent).toContain('Es el último administrador del organismo: nombre antes a otra persona administradora.');
    expect(within(members()).getByRole('row', { name: /López Navarro, Carlos/ })).toBeTruthy();
  });

  it('turns a unit off once confirmed', async () => {
    const { api, calls } = organismServer();
    renderPage(api);
    fireEvent.click(await within(units()).findByRole('button', { name: 'Desactivar Licencias urbanísticas' }));
    fireEvent.click(within(within(units()).getByRole('group', { name: /¿Desactivar Licencias urbanísticas\?/ })).getByRole('button', { name: 'Desactivar' }));
    expect(await within(units()).findByText(/Licencias urbanísticas está desactivada/)).toBeTruthy();
    expect(calls.find((call) => call.method === 'PATCH')).toMatchObject({ url: { pathname: `${ORG}/units/LA0000001` }, body: { active: false } });
  });

  it("explains another organism's page as one that does not exist or is not theirs", async () => {
    const { api } = fakeApi({
      'GET /api/organisms': () => json({ items: [] }),
      [`GET ${ORG}/units`]: () => problem(404, 'organism-not-found', 'Organism L01280796 does not exist.'),
      [`GET ${ORG}/members`]: () => problem(404, 'organism-not-found', 'Organism L01280796 does not exist.'),
    });
    renderPage(api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Organismo L01280796' })).toBeTruthy();
    expect((await within(units()).findByRole('alert')).textContent).toContain('Ese organismo no existe o usted no lo administra.');
  });
});

describe("an organism's page: the accounts it owns", () => {
  /** auth for the accounts routes: a taken name and a weak password refused, the rest kept so a reload shows each change. */
  function accountsServer() {
    const server = organismServer({
      [`POST ${ORG}/accounts`]: ({ body }) => {
        const { username, givenName, familyName, password, roles, units: held } = body as CreateAccountBody;
        if (username === 'admin') return problem(409, 'username-taken', 'The user name "admin" is already taken.');
        if (password.includes('vecina')) return problem(400, 'weak-password', 'The password is not acceptable.');
        const member = { username, displayName: `${familyName}, ${givenName}`, roles, units: held, enabled: true, accountManaged: true };
        server.members.push(member);
        return json(member, 201);
      },
      [`PATCH ${ORG}/accounts/vecina`]: ({ body }) => {
        const member = server.members.find((m) => m.username === 'vecina')!;
        Object.assign(member, { enabled: (body as { enabled?: boolean }).enabled ?? member.enabled });
        return json(member);
      },
    });
    return server;
  }

  it('creates an account with its roles and units, saying by the field that a name is taken or a password weak', async () => {
    const { api, calls } = accountsServer();
    renderPage(api);
    await within(members()).findByRole('row', { name: /López Navarro, Carlos/ });
    fireEvent.click(within(members()).getByRole('button', { name: 'Nueva cuenta' }));
    const form = within(members()).getByRole('form', { name: 'Nueva cuenta' });
    const username = within(form).getByLabelText(/Usuario/);
    const password = within(form).getByLabelText(/Contraseña inicial/);
    await waitFor(() => expect(document.activeElement).toBe(username));
    fireEvent.click(within(form).getByRole('button', { name: 'Crear cuenta' }));
    expect(describedText(username)).toContain('Escriba el nombre de usuario.');
    expect(describedText(password)).toContain('al menos 12 caracteres');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(username, { target: { value: 'admin' } });
    fireEvent.change(within(form).getByLabelText(/^Nombre/), { target: { value: 'Valeria' } });
    fireEvent.change(within(form).getByLabelText(/Apellidos/), { target: { value: 'Vecina Sanz' } });
    fireEvent.change(password, { target: { value: 'clave-de-la-vecina' } });
    fireEvent.click(within(form).getByLabelText('Tramitador'));
    fireEvent.click(within(form).getByLabelText(/Licencias urbanísticas/));
    fireEvent.click(within(form).getByRole('button', { name: 'Crear cuenta' }));
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(username)).toContain('Ese nombre de usuario ya existe en la instalación');
    await waitFor(() => expect(document.activeElement).toBe(username));

    fireEvent.change(username, { target: { value: 'vecina' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear cuenta' }));
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(password)).toContain('La contraseña no es segura');

    fireEvent.change(password, { target: { value: 'tejado-rojo-y-nube-azul' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear cuenta' }));
    expect(await within(members()).findByText('Se ha creado la cuenta vecina de Vecina Sanz, Valeria.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST').at(-1)?.body).toEqual({
      username: 'vecina',
      givenName: 'Valeria',
      familyName: 'Vecina Sanz',
      password: 'tejado-rojo-y-nube-azul',
      roles: ['tramitador'],
      units: ['LA0000001'],
    });
    const row = await within(members()).findByRole('row', { name: /Vecina Sanz, Valeria/ });
    expect(row.textContent).toContain('Activa');
    // The account the organism owns can be disabled (asked first) and have its password reset; the one it does not own cannot.
    expect(within(row).getByRole('button', { name: 'Restablecer contraseña de Vecina Sanz, Valeria' })).toBeTruthy();
    const admin = within(members()).getByRole('row', { name: /López Navarro, Carlos/ });
    expect(within(admin).queryByRole('button', { name: /Desactivar cuenta/ })).toBeNull();
  });

  it('disables an account it owns after asking, and enables it again', async () => {
    const server = accountsServer();
    server.members.push({ username: 'vecina', displayName: 'Vecina Sanz, Valeria', roles: ['tramitador'], units: [], enabled: true, accountManaged: true });
    renderPage(server.api);
    const row = await within(members()).findByRole('row', { name: /Vecina Sanz, Valeria/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Desactivar cuenta de Vecina Sanz, Valeria' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Sí, desactivar' }));
    expect(await within(members()).findByText('La cuenta de Vecina Sanz, Valeria está desactivada.')).toBeTruthy();
    expect(server.calls.find((call) => call.method === 'PATCH')?.body).toEqual({ enabled: false });
    const enable = await within(members()).findByRole('button', { name: 'Activar cuenta de Vecina Sanz, Valeria' });
    expect(within(members()).getByRole('row', { name: /Vecina Sanz, Valeria/ }).textContent).toContain('Desactivada');
    await waitFor(() => expect(document.activeElement).toBe(enable));
    fireEvent.click(enable);
    expect(await within(members()).findByText('La cuenta de Vecina Sanz, Valeria está activa de nuevo.')).toBeTruthy();
  });
});
