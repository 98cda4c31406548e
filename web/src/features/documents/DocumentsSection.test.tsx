// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderAt } from '../../test/harness.tsx';
import { CSV_1, ana, docsServer, documentItem, json, problem, versionItem } from './documents-fixtures.ts';
import type { DocumentItem } from './documents.ts';
import { DocumentsSection } from './DocumentsSection.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const informe = documentItem({
  id: 'd2',
  name: 'Informe técnico.pdf',
  position: 2,
  folder: 'informes',
  csv: 'SEV9QX2RTVB6WZ4HNPCJD8FG7',
  eni: { ...documentItem().eni!, tipoDocumental: 'TD13', origen: 'administracion' },
});
const retirado = documentItem({
  id: 'd3',
  name: 'Borrador.pdf',
  position: null,
  removal: { at: '2026-07-02T10:00:00Z', by: ana, reason: 'Aportado por error' },
});

/** docs for EXP-1: each accepted change alters what the next list answers. */
function server(items: DocumentItem[] = [informe, retirado, documentItem()], extra: Parameters<typeof docsServer>[0] = {}) {
  let current = items;
  const replace = (changed: DocumentItem) =>
    (current = current.some((d) => d.id === changed.id) ? current.map((d) => (d.id === changed.id ? changed : d)) : [...current, changed]);
  return docsServer({
    'GET /api/docs': () => json({ items: current }),
    'GET /api/docs/d1/versions': () =>
      json({
        items: [
          versionItem({ csvStatus: 'ANULADO' }),
          versionItem({
            version: 2,
            name: 'Solicitud v2.pdf',
            sha256: 'c0ffee'.padEnd(64, '1'),
            csv: 'SEVQX2RTVB6WZ4HNPCJD8FG7K',
            size: 4096,
            contentUrl: '/api/docs/d1/versions/2/content',
          }),
        ],
      }),
    'GET /api/docs/d1/versions/1/content': () => new Response('%PDF-1.7', { headers: { 'content-type': 'application/pdf' } }),
    'POST /api/files/EXP-1/documents': () => json(replace(documentItem({ id: 'd4', name: 'Copia.pdf', position: 3 })).at(-1), 201),
    'POST /api/docs/d1/versions': () =>
      json(
        replace(documentItem({ currentVersion: 2, name: 'Solicitud v2.pdf' })).find((d) => d.id === 'd1'),
        201,
      ),
    'PUT /api/docs/d1/metadata': ({ body }) => {
      const eni = body as { tipoDocumental: 'TD13'; folder: string | null };
      return json(
        replace(documentItem({ folder: eni.folder, eni: { ...documentItem().eni!, tipoDocumental: eni.tipoDocumental } })).find((d) => d.id === 'd1'),
      );
    },
    'POST /api/docs/d1/removal': ({ body }) =>
      json(
        replace(documentItem({ position: null, removal: { at: '2026-07-03T09:00:00Z', by: ana, reason: (body as { reason: string }).reason } })).find(
          (d) => d.id === 'd1',
        ),
      ),
    ...extra,
  });
}

const section = (props: Partial<Parameters<typeof DocumentsSection>[0]> = {}) => [
  { path: '/expedientes/:code', element: <DocumentsSection code="EXP-1" canWrite finished={false} fallback={null} {...props} /> },
];
/** The cells naming documents (the first words of each are its name). */
const nameCells = () => [...document.querySelectorAll<HTMLTableCellElement>('td.document-name')];
const nameCell = (name: string) => {
  const cell = nameCells().find((c) => c.textContent?.startsWith(name));
  if (!cell) throw new Error(`no document named ${name}`);
  return cell;
};
const row = (name: string) => nameCell(name).closest('tr')!;
const listed = (name: string) => waitFor(() => nameCell(name));
const pdf = (name: string) => new File(['%PDF-1.7'], name, { type: 'application/pdf' });

describe('the documents of an expediente', () => {
  const writeText = vi.fn(async (_text: string) => {});
  beforeEach(() => {
    writeText.mockClear();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  });

  it('lists them in índice order with their tipo documental, format, version and CSV in groups of five, which it copies', async () => {
    const { api, calls } = server();
    renderAt('/expedientes/EXP-1', section(), api);
    await listed('Solicitud.pdf');
    expect(calls[0]?.url.search).toBe('?fileCode=EXP-1&includeRemoved=true');
    const names = nameCells().map((h) => h.textContent);
    expect(names).toEqual(['Solicitud.pdf', 'Informe técnico.pdfCarpeta informes', 'Borrador.pdfRetirado']);
    const first = within(row('Solicitud.pdf'));
    expect(first.getByText('TD14 · Solicitud')).toBeTruthy();
    expect(first.getByText('PDF')).toBeTruthy();
    expect(first.getByText('v1')).toBeTruthy();
    expect(first.getByText('2 KB')).toBeTruthy();
    expect(first.getByText('01/07/2026 10:30')).toBeTruthy();
    expect(first.getByText('SEV7K-3M9QX-2RTVB-6WZ4H-NPCJD')).toBeTruthy();
    expect(within(row('Informe técnico')).getByText('TD13 · Informe')).toBeTruthy();

    fireEvent.click(first.getByRole('button', { name: 'Copiar el CSV de Solicitud.pdf' }));
    expect(await first.findByText('CSV de «Solicitud.pdf» copiado al portapapeles.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(CSV_1);
    expect(first.getByRole('status').textContent).toBe('CSV de «Solicitud.pdf» copiado al portapapeles.');
  });

  it('shows a removed document struck, with who removed it, when and why, its history kept and no changes offered', async () => {
    const { api } = server();
    renderAt('/expedientes/EXP-1', section(), api);
    const removed = await listed('Borrador.pdf');
    expect(removed.querySelector('del')?.textContent).toBe('Borrador.pdf');
    expect(within(removed).getByText('Retirado')).toBeTruthy();
    const body = removed.closest('tbody')!;
    expect(body.textContent).toContain('Retirado por Pérez Gil, Ana el 02/07/2026 12:00. Motivo: Aportado por error');
    expect(within(body).getByText('Historial de versiones')).toBeTruthy();
    expect(within(body).queryByRole('button', { name: /Nueva versión|Metadatos|Retirar/ })).toBeNull();
    expect(within(body).queryByRole('button', { name: /Copiar/ })).toBeNull();
  });

  it('adds a document with its ENI metadata, requiring the source document of an EE02 copy before sending', async () => {
    const { api, multipart } = server();
    renderAt('/expedientes/EXP-1', section(), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Añadir documento' }));
    const form = screen.getByRole('form', { name: 'Añadir documento' });
    const file = within(form).getByLabelText(/^Documento/);
    await waitFor(() => expect(document.activeElement).toBe(file));
    const tipo = within(form).getByLabelText(/Tipo documental/);
    expect(
      within(tipo)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toContain('TD09 · Acuse de recibo');
    expect(within(tipo).getAllByRole('option')).toHaveLength(22);
    expect(within(form).queryByLabelText(/Documento de origen/)).toBeNull();

    fireEvent.change(file, { target: { files: [pdf('Copia.pdf')] } });
    fireEvent.change(tipo, { target: { value: 'TD11' } });
    fireEvent.click(within(form).getByRole('radio', { name: 'Administración' }));
    fireEvent.change(within(form).getByLabelText(/Estado de elaboración/), { target: { value: 'EE02' } });
    fireEvent.change(within(form).getByLabelText(/^Carpeta/), { target: { value: 'copias' } });
    const source = within(form).getByLabelText(/Documento de origen/);
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir el documento' }));
    const error = 'Una copia auténtica con cambio de formato o parcial (EE02, EE04) debe indicar su documento de origen.';
    expect(within(form).getByText(error).id).toBe(source.getAttribute('aria-describedby')?.split(' ').at(-1));
    expect(source.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(source));
    expect(multipart).toHaveLength(0);

    fireEvent.change(source, { target: { value: ' ES_L01280796_2026_000000000000000000000000000001 ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir el documento' }));
    expect(await screen.findByText('Se ha añadido «Copia.pdf» al expediente.')).toBeTruthy();
    const sent = multipart.find((c) => c.method === 'POST')!;
    expect(sent.path).toBe('/api/files/EXP-1/documents');
    expect(sent.headers.get('authorization')).toBe('Bearer token-1');
    const body = sent.body as FormData;
    // The ENI fields first, the file last: docs reads the form in one pass.
    expect([...body.keys()]).toEqual(['tipoDocumental', 'origen', 'estadoElaboracion', 'identificadorDocumentoOrigen', 'folder', 'file']);
    expect(Object.fromEntries([...body.entries()].filter(([k]) => k !== 'file'))).toEqual({
      tipoDocumental: 'TD11',
      origen: 'administracion',
      estadoElaboracion: 'EE02',
      identificadorDocumentoOrigen: 'ES_L01280796_2026_000000000000000000000000000001',
      folder: 'copias',
    });
    expect((body.get('file') as File).name).toBe('Copia.pdf');
    await listed('Copia.pdf');
    expect(screen.queryByRole('form', { name: 'Añadir documento' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Documentos' })));
  });

  it('adds a new version of a document, which its history then lists with hashes, CSVs and downloads', async () => {
    const { api, multipart, calls } = server();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    renderAt('/expedientes/EXP-1', section(), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva versión de Solicitud.pdf' }));
    const form = screen.getByRole('form', { name: 'Nueva versión de «Solicitud.pdf»' });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir la versión' }));
    expect(within(form).getByText('Elija el documento que quiere añadir.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Documento/), { target: { files: [pdf('Solicitud v2.pdf')] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir la versión' }));
    expect(await screen.findByText('Se ha añadido la versión 2 de «Solicitud v2.pdf».')).toBeTruthy();
    const sent = multipart.find((c) => c.method === 'POST')!;
    expect(sent.path).toBe('/api/docs/d1/versions');
    expect([...(sent.body as FormData).keys()]).toEqual(['file']);
    await waitFor(() => expect(within(row('Solicitud v2.pdf')).getByText('v2')).toBeTruthy());

    const body = row('Solicitud v2.pdf').closest('tbody')!;
    fireEvent.click(within(body).getByText('Historial de versiones'));
    const history = await within(body).findByRole('table', { name: 'Versiones de «Solicitud v2.pdf»' });
    const [, newest, oldest] = within(history).getAllByRole('row');
    expect(within(newest!).getByRole('rowheader').textContent).toBe('v2actual');
    expect(newest!.textContent).toContain('Pérez Gil, Ana');
    expect(newest!.textContent).toContain('4 KB');
    const hash = within(newest!).getByText('c0ffee111111…');
    expect(hash.getAttribute('title')).toBe('c0ffee'.padEnd(64, '1'));
    expect(newest!.textContent).toContain('SEVQX-2RTVB-6WZ4H-NPCJD-8FG7K');
    expect(within(oldest!).getByText('CSV anulado')).toBeTruthy();
    fireEvent.click(within(oldest!).getByRole('button', { name: 'Descargar la versión 1 de Solicitud.pdf' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const download = calls.find((c) => c.url.pathname === '/api/docs/d1/versions/1/content');
    expect(download?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('corrects the ENI metadata of a document, starting from what it has', async () => {
    const { api, calls } = server();
    renderAt('/expedientes/EXP-1', section(), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Metadatos de Solicitud.pdf' }));
    const form = screen.getByRole('form', { name: 'Metadatos de «Solicitud.pdf»' });
    const tipo = within(form).getByLabelText<HTMLSelectElement>(/Tipo documental/);
    await waitFor(() => expect(document.activeElement).toBe(tipo));
    expect(tipo.value).toBe('TD14');
    expect(within(form).getByRole<HTMLInputElement>('radio', { name: 'Ciudadano' }).checked).toBe(true);
    expect(within(form).getByLabelText<HTMLSelectElement>(/Estado de elaboración/).value).toBe('EE01');
    fireEvent.change(tipo, { target: { value: 'TD13' } });
    fireEvent.change(within(form).getByLabelText(/^Carpeta/), { target: { value: 'mal carpeta' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar los metadatos' }));
    expect(within(form).getByText('La carpeta solo admite letras, cifras, «.», «_» o «-» (máximo 64).')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Carpeta/), { target: { value: 'informes' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar los metadatos' }));
    expect(await screen.findByText('Se han guardado los metadatos de «Solicitud.pdf».')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      tipoDocumental: 'TD13',
      origen: 'ciudadano',
      estadoElaboracion: 'EE01',
      identificadorDocumentoOrigen: null,
      folder: 'informes',
    });
    await waitFor(() => expect(within(row('Solicitud.pdf')).getByText('TD13 · Informe')).toBeTruthy());
  });

  it('removes a document only for a stated reason and after asking, then shows it struck', async () => {
    const { api, calls } = server();
    renderAt('/expedientes/EXP-1', section(), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Retirar Solicitud.pdf' }));
    const form = screen.getByRole('form', { name: 'Retirar «Solicitud.pdf» del expediente' });
    const reason = within(form).getByLabelText(/Motivo/);
    fireEvent.click(within(form).getByRole('button', { name: 'Retirar el documento' }));
    expect(within(form).getByText('Indique por qué se retira el documento.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(reason));
    fireEvent.change(reason, { target: { value: ' Duplicado ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Retirar el documento' }));
    const confirm = within(form).getByRole('button', { name: 'Sí, retirarlo' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    expect(within(form).getByRole('group', { name: '¿Retirar «Solicitud.pdf» del expediente? No se puede deshacer.' })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(confirm);
    expect(await screen.findByText('Se ha retirado «Solicitud.pdf» del expediente.')).toBeTruthy();
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.url.pathname).toBe('/api/docs/d1/removal');
    expect(sent?.body).toEqual({ reason: 'Duplicado' });
    const removed = await screen.findByText((_, element) => element?.tagName === 'DEL' && element.textContent === 'Solicitud.pdf');
    expect(removed.closest('tbody')!.textContent).toContain('Motivo: Duplicado');
  });

  it('offers no changes while the expediente is finished, and says so when docs refuses one because it just finished', async () => {
    const { api } = server();
    const view = renderAt('/expedientes/EXP-1', section({ canWrite: false, finished: true }), api);
    await listed('Solicitud.pdf');
    expect(screen.getByText('El expediente está finalizado: sus documentos solo se pueden consultar.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Añadir documento|Nueva versión|Metadatos|Retirar/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Descargar Solicitud.pdf' })).toBeTruthy();
    view.unmount();

    const racing = server(undefined, { 'POST /api/docs/d1/versions': () => problem(409, 'file-finished', 'Expediente EXP-1 is finished.') });
    renderAt('/expedientes/EXP-1', section(), racing.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva versión de Solicitud.pdf' }));
    const form = screen.getByRole('form', { name: 'Nueva versión de «Solicitud.pdf»' });
    fireEvent.change(within(form).getByLabelText(/^Documento/), { target: { files: [pdf('otra.pdf')] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir la versión' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('El expediente está finalizado y ya no se puede modificar.');
    expect(alert.textContent).toContain('Referencia para soporte: file-finished');
  });

  it('falls back to the documents the detail composed when docs cannot list them', async () => {
    const { api } = server(undefined, { 'GET /api/docs': () => problem(503, 'upstream-unavailable') });
    const fallback = [{ ...documentItem(), contentUrl: '/api/docs/d1/content' }];
    renderAt('/expedientes/EXP-1', section({ fallback }), api);
    expect(await screen.findByText('Los datos ENI de los documentos no se han podido cargar; se muestra la lista básica.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Descargar Solicitud.pdf' })).toBeTruthy();
  });
});
