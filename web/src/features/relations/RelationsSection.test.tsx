// @vitest-environment jsdom
import type { RelationListResource, RelationResource } from '@tramita/contracts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { RelationsSection } from './RelationsSection.tsx';

const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };

function relation(overrides: Partial<RelationResource> = {}): RelationResource {
  return {
    id: '9a000000-0000-4000-8000-000000000001',
    kind: 'antecedente',
    direction: 'outgoing',
    other: { code: 'EXP-0', organism: 'L01280796' },
    createdAt: '2026-07-01T08:30:00Z',
    createdBy: ana,
    ...overrides,
  };
}
const appealed = relation({
  id: '9a000000-0000-4000-8000-000000000002',
  kind: 'recurso',
  direction: 'incoming',
  other: { code: 'EXP-9', organism: 'L01280796' },
});

function setup(extra: Record<string, Handler> = {}, initial: RelationResource[] = [relation(), appealed]) {
  let items = initial;
  const api = fakeApi({ 'GET /api/files/EXP-1/relations': () => json({ items } satisfies RelationListResource), ...extra });
  return { ...api, setItems: (next: RelationResource[]) => (items = next) };
}

const render = (api: ReturnType<typeof setup>['api'], canWrite = true) =>
  renderAt('/expedientes/EXP-1', [{ path: '/expedientes/:code', element: <RelationsSection code="EXP-1" canWrite={canWrite} /> }], api);

const entries = () =>
  within(screen.getByRole('region', { name: 'Expedientes relacionados' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.relation-kind')?.textContent + ' ' + li.querySelector('a')?.textContent);

describe('the expedientes related to one', () => {
  afterEach(cleanup);

  it('reads each relation from this side, in both directions, and links to the other expediente', async () => {
    const { api } = setup();
    render(api);
    await screen.findByRole('link', { name: 'EXP-0' });
    expect(entries()).toEqual(['Tiene como antecedente EXP-0', 'Recurrido en EXP-9']);
    expect(screen.getByRole('link', { name: 'EXP-9' }).getAttribute('href')).toBe('/expedientes/EXP-9');
    expect(screen.getAllByText('Relacionado por Pérez Gil, Ana el 01/07/2026 10:30')).toHaveLength(2);
  });

  it('names the inverse of every kind for the expediente it was stated towards', async () => {
    const kinds = (['acumulado', 'antecedente', 'recurso', 'relacionado'] as const).flatMap((kind, i) =>
      (['outgoing', 'incoming'] as const).map((direction, j) =>
        relation({
          id: `9a000000-0000-4000-8000-00000000001${i * 2 + j}`,
          kind,
          direction,
          other: { code: `EXP-${kind}-${direction}`, organism: 'L01280796' },
        }),
      ),
    );
    const { api } = setup({}, kinds);
    render(api);
    await screen.findByRole('link', { name: 'EXP-acumulado-outgoing' });
    expect(entries()).toEqual([
      'Acumulado con EXP-acumulado-outgoing',
      'Acumulado con EXP-acumulado-incoming',
      'Tiene como antecedente EXP-antecedente-outgoing',
      'Es antecedente de EXP-antecedente-incoming',
      'Es recurso contra EXP-recurso-outgoing',
      'Recurrido en EXP-recurso-incoming',
      'Relacionado con EXP-relacionado-outgoing',
      'Relacionado con EXP-relacionado-incoming',
    ]);
  });

  it('relates it to another code with the kind chosen, then shows the new relation', async () => {
    const posted: unknown[] = [];
    const fake = setup({
      'POST /api/files/EXP-1/relations': ({ body }) => {
        posted.push(body);
        const created = relation({ id: '9a000000-0000-4000-8000-000000000003', kind: 'recurso', other: { code: 'EXP-7', organism: 'L01280796' } });
        fake.setItems([relation(), appealed, created]);
        return json(created, 201);
      },
    });
    render(fake.api);
    await screen.findByRole('link', { name: 'EXP-0' });
    fireEvent.change(screen.getByLabelText('Relación'), { target: { value: 'recurso' } });
    fireEvent.change(screen.getByLabelText('Código del otro expediente', { exact: false }), { target: { value: ' EXP-7 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Relacionar' }));
    expect(await screen.findByRole('link', { name: 'EXP-7' })).toBeTruthy();
    expect(posted).toEqual([{ kind: 'recurso', code: 'EXP-7' }]);
    expect(screen.getByText('Expediente relacionado con EXP-7.')).toBeTruthy();
    expect(entries()).toContain('Es recurso contra EXP-7');
    expect(screen.getByLabelText<HTMLInputElement>('Código del otro expediente', { exact: false }).value).toBe('');
  });

  it('shows a code that names no visible expediente, or this same one, next to the field', async () => {
    let answer = problem(404, 'file-not-found', 'There is no expediente EXP-404.');
    const fake = setup({ 'POST /api/files/EXP-1/relations': () => answer });
    render(fake.api);
    await screen.findByRole('link', { name: 'EXP-0' });
    const code = screen.getByLabelText('Código del otro expediente', { exact: false });
    fireEvent.click(screen.getByRole('button', { name: 'Relacionar' }));
    expect(document.getElementById(code.getAttribute('aria-describedby')!)?.textContent).toBe('Indique el código del otro expediente.');
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);

    fireEvent.change(code, { target: { value: 'EXP-404' } });
    fireEvent.click(screen.getByRole('button', { name: 'Relacionar' }));
    await waitFor(() =>
      expect(document.getElementById(code.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
        'No existe ningún expediente con el código EXP-404 que usted pueda consultar.',
      ),
    );
    expect(code.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(code));

    answer = problem(400, 'self-relation', 'An expediente cannot be related to itself.');
    fireEvent.change(code, { target: { value: 'EXP-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Relacionar' }));
    await waitFor(() =>
      expect(document.getElementById(code.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Un expediente no puede relacionarse consigo mismo.'),
    );
  });

  it('unlinks one only once confirmed', async () => {
    const deleted: string[] = [];
    const fake = setup({
      'DELETE /api/files/EXP-1/relations/9a000000-0000-4000-8000-000000000002': ({ url }) => {
        deleted.push(url.pathname);
        fake.setItems([relation()]);
        return new Response(null, { status: 204 });
      },
    });
    render(fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Desvincular de EXP-9' }));
    expect(deleted).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Sí, desvincular' }));
    expect(await screen.findByText('Relación con EXP-9 eliminada.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'EXP-9' })).toBeNull());
    expect(deleted).toEqual(['/api/files/EXP-1/relations/9a000000-0000-4000-8000-000000000002']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Expedientes relacionados' })));
  });

  it('offers neither the form nor unlinking to someone who may not change them', async () => {
    const { api } = setup();
    render(api, false);
    await screen.findByRole('link', { name: 'EXP-0' });
    expect(screen.queryByRole('button', { name: /Relacionar|Desvincular/ })).toBeNull();
    expect(screen.queryByLabelText('Código del otro expediente', { exact: false })).toBeNull();
  });
});
