// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderAt } from '../../test/harness.tsx';
import { docsServer, documentItem, indice, json, problem, snapshot } from './documents-fixtures.ts';
import { FileDocuments } from './FileDocuments.tsx';
import type { Indice } from './documents.ts';
import { IndiceSection } from './IndiceSection.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const routes = (canRemit = true) => [{ path: '/expedientes/:code', element: <IndiceSection code="EXP-1" canRemit={canRemit} /> }];

describe("an expediente's índice electrónico", () => {
  const click = vi.fn();
  beforeEach(() => {
    click.mockClear();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      click(this.download);
    });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
  });

  it('shows the live índice in order with its folders, digests and dates, and the signed índices with their signatures and CSV', async () => {
    const { api } = docsServer({
      'GET /api/files/EXP-1/indice': () => json(indice({ estado: 'E02', snapshots: [snapshot({ estado: 'E02', firmas: ['TF01'], csv: null })] })),
    });
    renderAt('/expedientes/EXP-1', routes(), api);
    const live = await screen.findByRole('table', { name: 'Documentos del índice actual, en orden' });
    expect(screen.getByText('ES_L01280796_2026_EXP_00000000000000000000000000EXP1')).toBeTruthy();
    expect(screen.getByText('E02 · Cerrado')).toBeTruthy();
    expect(screen.getByText('Fecha del índice: 02/07/2026 11:00')).toBeTruthy();
    const [, first, second] = within(live).getAllByRole('row');
    expect(first!.textContent).toContain('1Solicitud.pdf');
    expect(first!.textContent).toContain('01/07/2026 10:30');
    const hash = within(first!).getByText('a1b2c3d4e5f6…');
    expect(hash.getAttribute('title')).toBe(`SHA-256: ${'a1b2c3d4e5f6'.padEnd(64, '0')}`);
    expect(first!.textContent).toContain('SHA-256');
    expect(second!.textContent).toContain('2Informe.pdf');
    expect(within(second!).getByText('informes')).toBeTruthy();
    const signed = screen.getByRole('table', { name: 'Índices firmados, del más reciente al más antiguo' });
    const closure = within(signed).getAllByRole('row')[1]!;
    expect(within(closure).getByRole('rowheader').textContent).toBe('E02 · Cierre');
    expect(closure.textContent).toContain('TF01 · CSV');
    expect(closure.textContent).toContain('Sin CSV');
  });

  it('signs a remission índice (E03) for a tramitador and lists it', async () => {
    let current: Indice = indice();
    const { api, calls } = docsServer({
      'GET /api/files/EXP-1/indice': () => json(current),
      'POST /api/files/EXP-1/remisiones': () => {
        const made = snapshot();
        current = indice({ snapshots: [made] });
        return json(made, 201);
      },
    });
    renderAt('/expedientes/EXP-1', routes(), api);
    expect(await screen.findByText(/Todavía no hay índices firmados/)).toBeTruthy();
    const remit = screen.getByRole('button', { name: 'Preparar remisión (E03)' });
    expect(remit.getAttribute('aria-describedby')).toBe('indice-remision-hint');
    fireEvent.click(remit);
    expect(await screen.findByText('Se ha firmado el índice para remisión (E03) de 03/07/2026 12:00.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).toEqual(['/api/files/EXP-1/remisiones']);
    const signed = await screen.findByRole('table', { name: 'Índices firmados, del más reciente al más antiguo' });
    const row = within(signed).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('E03 · Remisión');
    expect(row.textContent).toContain('TF01 · CSV, TF02 · XAdES internally detached');
    expect(row.textContent).toContain('IDX4H-NPCJD-8FG7K-3M9QX-2RTVA');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Índices firmados' })));
  });

  it('offers the remission only to a tramitador, and shows why docs refused one', async () => {
    const reader = docsServer({ 'GET /api/files/EXP-1/indice': () => json(indice()) });
    const view = renderAt('/expedientes/EXP-1', routes(false), reader.api);
    await screen.findByRole('table', { name: 'Documentos del índice actual, en orden' });
    expect(screen.queryByRole('button', { name: 'Preparar remisión (E03)' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Exportar ENI' })).toBeTruthy();
    view.unmount();

    const refused = docsServer({
      'GET /api/files/EXP-1/indice': () => json(indice()),
      'POST /api/files/EXP-1/remisiones': () => problem(503, 'files-unavailable'),
    });
    renderAt('/expedientes/EXP-1', routes(), refused.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Preparar remisión (E03)' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No se ha podido consultar el expediente en este momento.');
  });

  it('exports the expediente ENI as <code>-eni.zip with the session token', async () => {
    const { api, calls } = docsServer({
      'GET /api/files/EXP-1/indice': () => json(indice()),
      'GET /api/files/EXP-1/eni': () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'content-type': 'application/zip' } }),
    });
    renderAt('/expedientes/EXP-1', routes(), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Exportar ENI' }));
    expect(await screen.findByText('Se ha descargado EXP-1-eni.zip.')).toBeTruthy();
    expect(click).toHaveBeenCalledWith('EXP-1-eni.zip');
    const sent = calls.find((c) => c.url.pathname === '/api/files/EXP-1/eni');
    expect(sent?.headers.get('authorization')).toBe('Bearer token-1');
    expect(sent?.headers.get('accept')).toBe('application/zip');
  });

  it('reads the live índice again once a document of the expediente changed', async () => {
    let reads = 0;
    const { api } = docsServer({
      'GET /api/docs': () => json({ items: [documentItem()] }),
      'GET /api/files/EXP-1/indice': () => ((reads += 1), json(indice())),
      'POST /api/docs/d1/versions': () => json(documentItem({ currentVersion: 2 }), 201),
    });
    renderAt('/expedientes/EXP-1', [{ path: '/expedientes/:code', element: <FileDocuments code="EXP-1" tramitador finished={false} fallback={null} /> }], api);
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva versión de Solicitud.pdf' }));
    expect(reads).toBe(1);
    const form = screen.getByRole('form', { name: 'Nueva versión de «Solicitud.pdf»' });
    fireEvent.change(within(form).getByLabelText(/^Documento/), { target: { files: [new File(['%PDF'], 'v2.pdf', { type: 'application/pdf' })] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir la versión' }));
    await waitFor(() => expect(reads).toBe(2));
  });
});
