// @vitest-environment jsdom
import type { InteresadoResource, InteresadoSearchResource } from '@tramita/contracts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, json, renderAt } from '../../test/harness.tsx';
import { InteresadoSearchPage } from './InteresadoSearchPage.tsx';

const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };

const found = (fileCode: string, role: InteresadoResource['role'], addedAt: string): InteresadoResource => ({
  id: `6f1c2d3e-0000-4000-8000-0000000000${fileCode.slice(-2)}`,
  fileCode,
  organism: 'L01280796',
  document: '12345678Z',
  documentKind: 'NIF',
  name: 'García López, María',
  role,
  channel: 'electronic',
  email: 'maria@example.es',
  phone: null,
  address: null,
  version: 1,
  addedAt,
  addedBy: ana,
  updatedAt: addedAt,
  updatedBy: ana,
});

const routes = [{ path: '/interesados', element: <InteresadoSearchPage /> }];
const field = () => screen.getByLabelText('NIF, NIE o CIF');

describe('finding a person by NIF', () => {
  afterEach(cleanup);

  it('lists the expedientes where the document appears, each linking to its detail, and keeps the search in the address', async () => {
    const { api, calls } = fakeApi({
      'GET /api/interesados': ({ url }) =>
        json({
          document: url.searchParams.get('document')!.replaceAll('.', '').replaceAll('-', '').toUpperCase(),
          items: [found('EXP-21', 'solicitante', '2026-07-02T08:00:00Z'), found('EXP-12', 'representante', '2026-06-01T08:00:00Z')],
        } satisfies InteresadoSearchResource),
    });
    renderAt('/interesados', routes, api);
    expect(screen.getByRole('heading', { level: 1, name: 'Buscar interesado por NIF' })).toBeTruthy();
    expect(calls).toEqual([]);
    fireEvent.change(field(), { target: { value: '12.345.678-z' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buscar' }));
    const table = await screen.findByRole('table', { name: 'Expedientes en los que figura 12345678Z' });
    expect(screen.getByTestId('location').textContent).toBe('/interesados?documento=12.345.678-z');
    expect(calls.map((c) => c.url.searchParams.get('document'))).toEqual(['12.345.678-z']);
    expect(screen.getByText('Figura en 2 expedientes.')).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['EXP-21', 'García López, María', 'Solicitante', 'L01280796', '02/07/2026 10:00'],
      ['EXP-12', 'García López, María', 'Representante', 'L01280796', '01/06/2026 10:00'],
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'EXP-21' }).getAttribute('href')).toBe('/expedientes/EXP-21');
  });

  it('says so when the person appears nowhere', async () => {
    const { api } = fakeApi({ 'GET /api/interesados': () => json({ document: 'X1234567L', items: [] } satisfies InteresadoSearchResource) });
    renderAt('/interesados?documento=X1234567L', routes, api);
    expect(await screen.findByText('Figura en 0 expedientes.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect((field() as HTMLInputElement).value).toBe('X1234567L');
  });

  it("shows the server's refusal of a wrong document next to the field", async () => {
    const { api } = fakeApi({
      'GET /api/interesados': () =>
        json(
          {
            type: 'https://tramita.dev/problems/invalid-request',
            title: 'Bad Request',
            status: 400,
            code: 'invalid-request',
            detail: 'The request is not valid.',
            errors: [{ path: 'querystring.document', message: 'The check letter of NIF 12345678A should be Z.' }],
          },
          400,
        ),
    });
    renderAt('/interesados?documento=12345678A', routes, api);
    await waitFor(() => expect(field().getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById(field().getAttribute('aria-describedby')!)!.textContent;
    expect(error).toContain('No es un NIF, NIE o CIF válido: revise la letra o el dígito de control.');
    expect(error).toContain('should be Z');
    await waitFor(() => expect(document.activeElement).toBe(field()));
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('asks for a document before searching', async () => {
    const { api, calls } = fakeApi({});
    renderAt('/interesados', routes, api);
    fireEvent.click(screen.getByRole('button', { name: 'Buscar' }));
    expect(document.getElementById(field().getAttribute('aria-describedby')!)!.textContent).toBe('Indique el NIF, NIE o CIF.');
    expect(calls).toEqual([]);
  });
});
