// @vitest-environment jsdom
import type { InteresadoHistoryResource, InteresadoListResource, InteresadoResource } from '@tramita/contracts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { InteresadosSection } from './InteresadosSection.tsx';

const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };
const luis = { username: 'luis', displayName: 'Ruiz Sanz, Luis' };

function interesado(overrides: Partial<InteresadoResource> = {}): InteresadoResource {
  return {
    id: '6f1c2d3e-0000-4000-8000-000000000001',
    fileCode: 'EXP-1',
    organism: 'L01280796',
    document: '12345678Z',
    documentKind: 'NIF',
    name: 'García López, María',
    role: 'solicitante',
    channel: 'electronic',
    email: 'maria@example.es',
    phone: '+34 600 000 000',
    address: null,
    version: 2,
    addedAt: '2026-07-01T08:30:00Z',
    addedBy: ana,
    updatedAt: '2026-07-02T08:30:00Z',
    updatedBy: ana,
    ...overrides,
  };
}

const company = interesado({
  id: '6f1c2d3e-0000-4000-8000-000000000002',
  document: 'B12345674',
  documentKind: 'CIF',
  name: 'Construcciones Norte, S.L.',
  role: 'interesado',
  channel: 'electronic',
  email: 'avisos@norte.example',
  phone: null,
  version: 1,
});

/** A list the fake API changes as the writes arrive, as the files service would. */
function setup(extra: Record<string, Handler> = {}, initial: InteresadoResource[] = [interesado(), company]) {
  let items = initial;
  const api = fakeApi({
    'GET /api/files/EXP-1/interesados': () => json({ items } satisfies InteresadoListResource),
    'GET /api/files/EXP-1/interesados/history': () => json({ items: [] } satisfies InteresadoHistoryResource),
    ...extra,
  });
  return { ...api, setItems: (next: InteresadoResource[]) => (items = next) };
}

const render = (api: ReturnType<typeof setup>['api'], canWrite = true) =>
  renderAt('/expedientes/EXP-1', [{ path: '/expedientes/:code', element: <InteresadosSection code="EXP-1" canWrite={canWrite} /> }], api);

const section = () => within(screen.getByRole('region', { name: 'Interesados' }));

/** A field's error as assistive technology reaches it: through the field's aria-describedby. */
function describedErrorOf(label: string): string {
  const field = screen.getByLabelText(label, { exact: false });
  expect(field.getAttribute('aria-invalid')).toBe('true');
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
}

describe('the interesados of an expediente', () => {
  afterEach(cleanup);

  it('lists each one with the document and its kind, role, channel and contact', async () => {
    const { api } = setup();
    render(api);
    const row = (await screen.findByRole('rowheader', { name: 'García López, María' })).closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(['12345678Z (NIF)', 'Solicitante', 'Electrónico', 'maria@example.es+34 600 000 000']);
    const other = screen.getByRole('rowheader', { name: 'Construcciones Norte, S.L.' }).closest('tr')!;
    expect(within(other).getByText('(CIF)')).toBeTruthy();
    expect(within(other).getByText('Interesado')).toBeTruthy();
  });

  it('adds one with the statement as the contract reads it, then says so and puts the focus back on the add button', async () => {
    const posted: unknown[] = [];
    const added = interesado({
      id: '6f1c2d3e-0000-4000-8000-000000000003',
      document: 'X1234567L',
      documentKind: 'NIE',
      name: 'Smith, John',
      role: 'representante',
      channel: 'postal',
      email: null,
      phone: null,
      address: { street: 'Calle Mayor 1', postalCode: '28013', municipality: 'Madrid', province: null, country: 'ES' },
      version: 1,
    });
    const fake = setup({
      'POST /api/files/EXP-1/interesados': ({ body }) => {
        posted.push(body);
        fake.setItems([interesado(), company, added]);
        return json(added, 201);
      },
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Añadir interesado' }));
    const form = within(screen.getByRole('form', { name: 'Nuevo interesado' }));
    await waitFor(() => expect(document.activeElement).toBe(form.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false })));
    fireEvent.change(form.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false }), { target: { value: 'x-1234567-l' } });
    fireEvent.change(form.getByLabelText('Nombre', { exact: false }), { target: { value: '  Smith, John ' } });
    fireEvent.change(form.getByLabelText('Condición'), { target: { value: 'representante' } });
    fireEvent.change(form.getByLabelText('Canal de notificación'), { target: { value: 'postal' } });
    fireEvent.change(form.getByLabelText('Calle y número', { exact: false }), { target: { value: 'Calle Mayor 1' } });
    fireEvent.change(form.getByLabelText('Código postal', { exact: false }), { target: { value: '28013' } });
    fireEvent.change(form.getByLabelText('Municipio', { exact: false }), { target: { value: 'Madrid' } });
    fireEvent.click(form.getByRole('button', { name: 'Añadir interesado' }));

    await screen.findByRole('rowheader', { name: 'Smith, John' });
    expect(posted).toEqual([
      {
        document: 'x-1234567-l',
        name: 'Smith, John',
        role: 'representante',
        channel: 'postal',
        email: null,
        phone: null,
        address: { street: 'Calle Mayor 1', postalCode: '28013', municipality: 'Madrid', province: null, country: 'ES' },
      },
    ]);
    expect(screen.getByText('Interesado añadido.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Nuevo interesado' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Añadir interesado' })));
  });

  it('tells what is missing before asking the server, by each field, and focuses the first', async () => {
    const fake = setup();
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Añadir interesado' }));
    fireEvent.change(screen.getByLabelText('Correo electrónico', { exact: false }), { target: { value: '' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Nuevo interesado' })).getByRole('button', { name: 'Añadir interesado' }));
    expect(describedErrorOf('Documento (NIF, NIE o CIF)')).toContain('Indique el NIF, NIE o CIF.');
    expect(describedErrorOf('Nombre')).toContain('Indique el nombre o la razón social.');
    expect(describedErrorOf('Correo electrónico')).toContain('El canal electrónico necesita un correo electrónico');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false })));
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it("shows the server's refusal of a wrong check letter next to the document, with the letter it expected", async () => {
    const fake = setup({
      'POST /api/files/EXP-1/interesados': () =>
        json(
          {
            type: 'https://tramita.dev/problems/invalid-request',
            title: 'Bad Request',
            status: 400,
            code: 'invalid-request',
            detail: 'The request is not valid.',
            errors: [{ path: 'body.document', message: 'The check letter of NIF 12345678A should be Z.' }],
          },
          400,
        ),
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Añadir interesado' }));
    fireEvent.change(screen.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false }), { target: { value: '12345678A' } });
    fireEvent.change(screen.getByLabelText('Nombre', { exact: false }), { target: { value: 'Sanz, Pedro' } });
    fireEvent.change(screen.getByLabelText('Correo electrónico', { exact: false }), { target: { value: 'pedro@example.es' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Nuevo interesado' })).getByRole('button', { name: 'Añadir interesado' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Revise los datos señalados.');
    const error = describedErrorOf('Documento (NIF, NIE o CIF)');
    expect(error).toContain('No es un NIF, NIE o CIF válido: revise la letra o el dígito de control.');
    expect(error).toContain('The check letter of NIF 12345678A should be Z.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false })));
    // The rest of the form is not blamed.
    expect(screen.getByLabelText('Nombre', { exact: false }).getAttribute('aria-invalid')).toBeNull();
  });

  it('places a rule of the law the server applied by the field it is about (a company is notified electronically)', async () => {
    const fake = setup({
      'POST /api/files/EXP-1/interesados': () =>
        json(
          {
            type: 'https://tramita.dev/problems/electronic-channel-required',
            title: 'Bad Request',
            status: 400,
            code: 'electronic-channel-required',
            detail: 'A legal person (CIF) is notified electronically (Ley 39/2015, art. 14.2.a): choose the electronic channel.',
            field: 'channel',
          },
          400,
        ),
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Añadir interesado' }));
    fireEvent.change(screen.getByLabelText('Documento (NIF, NIE o CIF)', { exact: false }), { target: { value: 'B12345674' } });
    fireEvent.change(screen.getByLabelText('Nombre', { exact: false }), { target: { value: 'Obras Sur, S.A.' } });
    fireEvent.change(screen.getByLabelText('Canal de notificación'), { target: { value: 'postal' } });
    fireEvent.change(screen.getByLabelText('Calle y número', { exact: false }), { target: { value: 'Calle Sol 2' } });
    fireEvent.change(screen.getByLabelText('Código postal', { exact: false }), { target: { value: '41001' } });
    fireEvent.change(screen.getByLabelText('Municipio', { exact: false }), { target: { value: 'Sevilla' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Nuevo interesado' })).getByRole('button', { name: 'Añadir interesado' }));
    await screen.findByRole('alert');
    expect(describedErrorOf('Canal de notificación')).toContain('Las personas jurídicas (CIF) se notifican por medios electrónicos');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Canal de notificación')));
  });

  it('changes one with the version it was read at', async () => {
    const patches: unknown[] = [];
    const fake = setup({
      'PATCH /api/files/EXP-1/interesados/6f1c2d3e-0000-4000-8000-000000000001': ({ body }) => {
        patches.push(body);
        const changed = interesado({ email: 'maria.garcia@example.es', version: 3 });
        fake.setItems([changed, company]);
        return json(changed);
      },
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Modificar los datos de García López, María' }));
    const form = within(screen.getByRole('form', { name: 'Modificar los datos de García López, María' }));
    expect(form.getByLabelText<HTMLInputElement>('Documento (NIF, NIE o CIF)', { exact: false }).value).toBe('12345678Z');
    fireEvent.change(form.getByLabelText('Correo electrónico', { exact: false }), { target: { value: 'maria.garcia@example.es' } });
    fireEvent.click(form.getByRole('button', { name: 'Guardar cambios' }));
    expect(await screen.findByText('Se han guardado los datos de García López, María.')).toBeTruthy();
    expect(patches).toEqual([
      {
        document: '12345678Z',
        name: 'García López, María',
        role: 'solicitante',
        channel: 'electronic',
        email: 'maria.garcia@example.es',
        phone: '+34 600 000 000',
        address: null,
        expectedVersion: 2,
      },
    ]);
    expect(await section().findByText('maria.garcia@example.es')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Modificar los datos de García López, María' })));
  });

  it('never overwrites a concurrent change: says so clearly and reloads what is current into the form', async () => {
    const fake = setup({
      'PATCH /api/files/EXP-1/interesados/6f1c2d3e-0000-4000-8000-000000000001': () =>
        json(
          {
            type: 'https://tramita.dev/problems/version-conflict',
            title: 'Conflict',
            status: 409,
            code: 'version-conflict',
            detail: 'The interesado is at version 3, not 2.',
          },
          409,
        ),
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Modificar los datos de García López, María' }));
    fireEvent.change(screen.getByLabelText('Teléfono'), { target: { value: '+34 611 111 111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Otra persona ha cambiado los datos de este interesado mientras usted los editaba.');
    fake.setItems([interesado({ phone: '+34 699 999 999', version: 3 }), company]);
    fireEvent.click(screen.getByRole('button', { name: 'Recargar los interesados' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Teléfono').value).toBe('+34 699 999 999'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('removes one only once confirmed, with the version seen; cancelling puts the focus back', async () => {
    const deletes: string[] = [];
    const fake = setup({
      'DELETE /api/files/EXP-1/interesados/6f1c2d3e-0000-4000-8000-000000000002': ({ url }) => {
        deletes.push(url.search);
        fake.setItems([interesado()]);
        return new Response(null, { status: 204 });
      },
    });
    render(fake.api);
    const remove = await screen.findByRole('button', { name: 'Quitar a Construcciones Norte, S.L.' });
    fireEvent.click(remove);
    const question = screen.getByRole('group', { name: '¿Quitar a Construcciones Norte, S.L. de este expediente?' });
    await waitFor(() => expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Sí, quitar' })));
    fireEvent.keyDown(question, { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Quitar a Construcciones Norte, S.L.' })));
    expect(deletes).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Quitar a Construcciones Norte, S.L.' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sí, quitar' }));
    expect(await screen.findByText('Construcciones Norte, S.L. ya no figura como interesado.')).toBeTruthy();
    expect(deletes).toEqual(['?expectedVersion=1']);
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Construcciones Norte, S.L.' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Interesados' })));
  });

  it('explains a removal refused because someone else removed it first, and shows the list as it is now', async () => {
    const fake = setup({
      'DELETE /api/files/EXP-1/interesados/6f1c2d3e-0000-4000-8000-000000000002': () => {
        fake.setItems([interesado()]);
        return problem(404, 'interesado-not-found', 'The expediente has no interesado 6f1c2d3e-0000-4000-8000-000000000002.');
      },
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Quitar a Construcciones Norte, S.L.' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sí, quitar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Ese interesado ya no figura en el expediente');
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Construcciones Norte, S.L.' })).toBeNull());
  });

  it('shows the history of changes, newest first, with who and when, once opened', async () => {
    const before = interesado({ version: 1, email: 'old@example.es' });
    const after = interesado({ version: 2, channel: 'electronic', email: 'maria@example.es', updatedBy: luis });
    const history: InteresadoHistoryResource = {
      items: [
        { interesadoId: before.id, change: 'added', at: '2026-07-01T08:30:00Z', by: ana, before: null, after: before },
        { interesadoId: before.id, change: 'changed', at: '2026-07-02T15:05:00Z', by: luis, before, after },
        { interesadoId: company.id, change: 'removed', at: '2026-07-03T09:00:00Z', by: luis, before: company, after: null },
      ],
    };
    const fake = setup({ 'GET /api/files/EXP-1/interesados/history': () => json(history) });
    render(fake.api);
    await screen.findByRole('rowheader', { name: 'García López, María' });
    expect(fake.calls.some((c) => c.url.pathname.endsWith('/history'))).toBe(false);
    fireEvent.click(screen.getByText('Historial de cambios de los interesados'));
    const table = await screen.findByRole('table', { name: 'Cambios de los interesados del expediente EXP-1, del más reciente al más antiguo' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['03/07/2026 11:00', 'Ruiz Sanz, Luis', 'Baja', 'Construcciones Norte, S.L.B12345674', ''],
      ['02/07/2026 17:05', 'Ruiz Sanz, Luis', 'Modificación', 'García López, María12345678Z', 'correo electrónico'],
      ['01/07/2026 10:30', 'Pérez Gil, Ana', 'Alta', 'García López, María12345678Z', ''],
    ]);
  });

  it('offers no way to change them to someone who may not', async () => {
    const { api } = setup();
    render(api, false);
    await screen.findByRole('rowheader', { name: 'García López, María' });
    expect(section().queryByRole('button', { name: /Añadir|Modificar|Quitar/ })).toBeNull();
    expect(section().queryByRole('columnheader', { name: 'Acciones' })).toBeNull();
  });
});
