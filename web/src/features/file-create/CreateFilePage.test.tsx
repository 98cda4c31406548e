// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitialOptionListResource } from '@tramita/contracts';
import { ApiError } from '../api/problem.ts';
import { fakeApi, fakeUpload, json, problem, renderAt } from '../../test/harness.tsx';
import { CreateFilePage } from './CreateFilePage.tsx';
import { createBody, validateDraft } from './create-form.ts';

const sse = (...views: object[]) =>
  new Response(views.map((v) => `event: status\ndata: ${JSON.stringify(v)}\n\n`).join(''), { headers: { 'content-type': 'text/event-stream' } });

/** The shared options and, for a member of one, its organism's own (files' answer to GET /api/initial-options). */
const optionsOf = (...own: { code: string; name: string; organism: string }[]) =>
  json({ items: [{ code: 'SEDE', name: 'Sede electrónica', organism: null }, ...own] } satisfies InitialOptionListResource);

function setup(sagaEnd: object, taken = ['EXP-OCUPADO'], options = optionsOf()) {
  return fakeApi({
    'GET /api/initial-options': () => options,
    'GET /api/files/EXP-OCUPADO/availability': () => json({ code: 'EXP-OCUPADO', available: !taken.includes('EXP-OCUPADO') }),
    'GET /api/files/EXP-NUEVO/availability': () => json({ code: 'EXP-NUEVO', available: true }),
    'POST /api/files': () => json({ sagaId: 's1', status: 'running', fileCode: 'EXP-NUEVO' }, 202, { location: '/api/sagas/s1' }),
    'GET /api/sagas/s1': () => sse({ id: 's1', status: 'running', fileCode: 'EXP-NUEVO' }, sagaEnd),
  });
}
const routes = [
  { path: '/expedientes/nuevo', element: <CreateFilePage /> },
  { path: '/expedientes/:code', element: <p>detalle</p> },
];
const pdf = (name: string) => new File(['%PDF-1.4'], name, { type: 'application/pdf' });

async function fillValid(code = 'EXP-NUEVO') {
  fireEvent.change(screen.getByLabelText(/^Código/), { target: { value: code } });
  await screen.findByRole('option', { name: 'Sede electrónica' });
  fireEvent.change(screen.getByLabelText(/^Opción inicial/), { target: { value: 'SEDE' } });
  fireEvent.change(screen.getByLabelText(/^Descripción/), { target: { value: 'Licencia' } });
  await act(async () => {
    fireEvent.change(screen.getByLabelText(/Seleccionar archivos/), { target: { files: [pdf('uno.pdf'), pdf('dos.pdf')] } });
  });
  await waitFor(() => expect(screen.getAllByText('Subido')).toHaveLength(2));
}

describe('creating an expediente', () => {
  afterEach(cleanup);

  it('reports a duplicate code next to the field before anything is submitted', async () => {
    const { api, calls } = setup({});
    renderAt('/expedientes/nuevo', routes, api);
    const code = screen.getByLabelText(/^Código/);
    fireEvent.change(code, { target: { value: 'EXP-OCUPADO' } });
    expect(await screen.findByText('Ya existe un expediente con el código EXP-OCUPADO. Elija otro.')).toBeTruthy();
    expect(code.getAttribute('aria-invalid')).toBe('true');
    const errorId = screen.getByText(/Ya existe un expediente/).id;
    expect(code.getAttribute('aria-describedby')?.split(' ')).toContain(errorId);
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('lists every missing field in a summary linked to the fields', async () => {
    const { api, calls } = setup({});
    renderAt('/expedientes/nuevo', routes, api);
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    const summary = await screen.findByText('Revise lo siguiente antes de continuar:');
    const links = summary.parentElement!.querySelectorAll('a');
    expect([...links].map((a) => a.textContent)).toEqual(['Indique el código del expediente.', 'Elija la opción inicial.', 'Adjunte al menos un documento.']);
    expect(links[0]!.getAttribute('href')).toBe(`#${screen.getByLabelText(/^Código/).id}`);
    fireEvent.change(screen.getByLabelText(/^Código/), { target: { value: 'mal código' } });
    expect(screen.getAllByText(/El código solo admite letras/).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('uploads the documents, creates, follows the saga and lands on the detail', async () => {
    const { api, calls } = setup({ id: 's1', status: 'completed', fileCode: 'EXP-NUEVO' });
    const uploads = fakeUpload();
    renderAt('/expedientes/nuevo', routes, api, uploads.upload);
    await fillValid();
    expect(uploads.started).toEqual(['uno.pdf', 'dos.pdf']);
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/expedientes/EXP-NUEVO'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ code: 'EXP-NUEVO', initialOption: 'SEDE', description: 'Licencia', documents: ['doc-uno.pdf', 'doc-dos.pdf'] });
    const follow = calls.find((c) => c.url.pathname === '/api/sagas/s1')!;
    expect(follow.headers.get('accept')).toBe('text/event-stream');
    expect(follow.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('says why the creation failed and that it was undone', async () => {
    const { api } = setup({ id: 's1', status: 'compensated', fileCode: 'EXP-NUEVO', reason: 'docs no disponible' });
    renderAt('/expedientes/nuevo', routes, api);
    await fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    expect(await screen.findByText('No se ha podido crear el expediente')).toBeTruthy();
    expect(screen.getByText('Motivo: docs no disponible')).toBeTruthy();
    expect(screen.getByText(/Se ha deshecho todo lo que se llegó a crear/)).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/expedientes/nuevo');
  });

  it('shows a refused upload in words and lets the document be removed', async () => {
    const { api } = setup({});
    const uploads = fakeUpload((file) => (file.name === 'virus.exe' ? new ApiError(415, 'media-type-not-allowed') : { id: 'd1' }));
    renderAt('/expedientes/nuevo', routes, api, uploads.upload);
    await act(async () => {
      fireEvent.drop(screen.getByText('Arrastre aquí los documentos o').parentElement!, { dataTransfer: { files: [new File(['MZ'], 'virus.exe')] } });
    });
    expect(await screen.findByText(/Ese tipo de documento no se admite/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Quitar virus.exe' }));
    expect(screen.queryByText('virus.exe')).toBeNull();
  });

  it("offers the organism's own initial options next to the shared ones and creates with one", async () => {
    const { api, calls } = setup(
      { id: 's1', status: 'completed', fileCode: 'EXP-NUEVO' },
      [],
      optionsOf({ code: 'OBRAS', name: 'Licencias de obras', organism: 'L01280796' }),
    );
    renderAt('/expedientes/nuevo', routes, api, fakeUpload().upload);
    await fillValid();
    const select = screen.getByLabelText(/^Opción inicial/);
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(expect.arrayContaining(['Sede electrónica', 'Licencias de obras']));
    fireEvent.change(select, { target: { value: 'OBRAS' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/expedientes/EXP-NUEVO'));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ initialOption: 'OBRAS' });
  });

  it('explains a refused submission from the server', async () => {
    const { api } = fakeApi({
      'GET /api/initial-options': () => optionsOf(),
      'GET /api/files/EXP-NUEVO/availability': () => json({ available: true }),
      'POST /api/files': () => problem(409, 'file-code-taken'),
    });
    renderAt('/expedientes/nuevo', routes, api);
    await fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Crear expediente' }));
    expect(await screen.findByText('Ya existe un expediente con ese código.')).toBeTruthy();
  });
});

describe('the creation form rules', () => {
  const base = {
    code: 'EXP-1',
    codeStatus: 'available' as const,
    initialOption: 'SEDE',
    description: '',
    uploads: [{ key: 'a', name: 'a.pdf', size: 1, progress: 1, status: 'done' as const, documentId: 'd1' }],
  };

  it('accepts a complete draft and builds the request body from it', () => {
    expect(validateDraft(base)).toEqual({});
    expect(createBody({ ...base, code: ' EXP-1 ', description: ' x ' })).toEqual({ code: 'EXP-1', initialOption: 'SEDE', description: 'x', documents: ['d1'] });
  });

  it('waits for uploads, refuses a long description and too many documents', () => {
    expect(validateDraft({ ...base, uploads: [{ ...base.uploads[0]!, status: 'uploading' }] }).documents).toBe('create.errors.uploading');
    expect(validateDraft({ ...base, description: 'x'.repeat(4001) }).description).toBe('create.errors.descriptionTooLong');
    const many = Array.from({ length: 21 }, (_, i) => ({ ...base.uploads[0]!, key: `k${i}` }));
    expect(validateDraft({ ...base, uploads: many }).documents).toBe('create.errors.tooManyDocuments');
    expect(validateDraft({ ...base, codeStatus: 'taken' }).code).toBe('create.errors.codeTaken');
  });
});
