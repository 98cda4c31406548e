// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { EniImportResultResource } from '@tramita/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt } from '../../test/harness.tsx';
import { docsServer, documentItem, json, problem } from '../documents/documents-fixtures.ts';
import { CreateFilePage } from '../file-create/CreateFilePage.tsx';
import { EniImportPage } from './EniImportPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const imported: EniImportResultResource = {
  expediente: {
    identificador: 'ES_E00010201_2026_EXP_000000000000000000000000REM1',
    organos: ['E00010201'],
    fechaApertura: '2026-05-04T09:00:00+02:00',
    clasificacion: 'E00010201_PRO_AUT01',
    estado: 'E03',
    interesados: ['12345678Z'],
  },
  documents: [
    documentItem({ id: 'i1', name: 'Solicitud.pdf', fileCode: null, position: null, csv: null }),
    documentItem({ id: 'i2', name: 'Informe.pdf', fileCode: null, position: null, csv: null, eni: { ...documentItem().eni!, tipoDocumental: 'TD13' } }),
  ],
};

const routes = [
  { path: '/expedientes/importar', element: <EniImportPage /> },
  { path: '/expedientes/nuevo', element: <CreateFilePage /> },
];
const zip = () => new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'remitido.zip', { type: 'application/zip' });
const choose = () => fireEvent.change(screen.getByLabelText(/Paquete ENI/), { target: { files: [zip()] } });

describe('importing a remitted expediente ENI', () => {
  it('shows the refusal naming the first invalid element, and moves the focus to it', async () => {
    const { api, multipart } = docsServer({
      'POST /api/eni/imports': () =>
        problem(422, 'eni-invalid', 'The ENI package was refused (expediente.xml): eniexp:metadatosExp/Organo: the value is not a DIR3 code'),
    });
    renderAt('/expedientes/importar', routes, api);
    fireEvent.click(screen.getByRole('button', { name: 'Importar' }));
    expect(screen.getByText('Elija el ZIP del expediente.')).toBeTruthy();
    expect(multipart).toHaveLength(0);
    choose();
    fireEvent.click(screen.getByRole('button', { name: 'Importar' }));
    const alert = await screen.findByRole('alert', { name: 'El paquete no se ha importado' });
    expect(alert.textContent).toContain('El paquete ENI no es válido y no se ha importado.');
    expect(
      within(alert)
        .getByText(/Primer elemento no válido: .*eniexp:metadatosExp\/Organo/)
        .getAttribute('lang'),
    ).toBe('en');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(multipart[0]?.path).toBe('/api/eni/imports');
    expect((multipart[0]?.body as FormData).get('file')).toBeInstanceOf(File);
  });

  it('shows what the package brought and opens a new expediente with its documents already attached', async () => {
    const { api, calls } = docsServer({
      'POST /api/eni/imports': () => json(imported, 201),
      'GET /api/initial-options': () => json({ items: [{ code: 'REMITIDO', name: 'Remitido por otro órgano' }] }),
      'GET /api/files/EXP-REM-1/availability': () => json({ available: true }),
      'POST /api/files': () => json({ sagaId: 's1', status: 'running', fileCode: 'EXP-REM-1' }, 202, { location: '/api/sagas/s1' }),
    });
    renderAt('/expedientes/importar', routes, api);
    choose();
    fireEvent.click(screen.getByRole('button', { name: 'Importar' }));
    const result = await screen.findByRole('region', { name: 'Expediente importado' });
    await waitFor(() => expect(document.activeElement).toBe(within(result).getByRole('heading', { name: 'Expediente importado' })));
    for (const text of [
      'ES_E00010201_2026_EXP_000000000000000000000000REM1',
      'E00010201_PRO_AUT01',
      'E03 · Índice para remisión cerrado',
      '12345678Z',
      '04/05/2026 09:00',
    ])
      expect(result.textContent).toContain(text);
    const rows = within(within(result).getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map((r) => within(r).getByRole('rowheader').firstChild?.textContent)).toEqual(['Solicitud.pdf', 'Informe.pdf']);
    expect(rows[2]!.textContent).toContain('TD13 · Informe');

    fireEvent.click(within(result).getByRole('button', { name: 'Abrir un expediente con estos documentos' }));
    await screen.findByRole('heading', { level: 1, name: 'Nuevo expediente' });
    const uploads = screen.getByRole('list', { name: 'Documentos adjuntos' });
    expect(
      within(uploads)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.upload-name')?.textContent),
    ).toEqual(['Solicitud.pdf', 'Informe.pdf']);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Descripción').value).toBe('Expediente remitido ES_E00010201_2026_EXP_000000000000000000000000REM1');

    fireEvent.change(screen.getByLabelText(/^Código/), { target: { value: 'EXP-REM-1' } });
    await screen.findByRole('option', { name: 'Remitido por otro órgano' });
    fireEvent.change(screen.getByLabelText(/Opción inicial/), { target: { value: 'REMITIDO' } });
    await waitFor(() => expect(screen.getByText('El código está disponible.')).toBeTruthy(), { timeout: 2000 });
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.pathname === '/api/files')).toBe(true));
    expect(calls.find((c) => c.method === 'POST' && c.url.pathname === '/api/files')?.body).toMatchObject({ code: 'EXP-REM-1', documents: ['i1', 'i2'] });
  });
});
