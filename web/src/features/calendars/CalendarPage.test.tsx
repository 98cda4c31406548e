// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrganismCalendarResource } from '@tramita/contracts';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { organismCalendar } from '../../test/plazo-fixtures.ts';
import { CalendarPage } from './CalendarPage.tsx';

afterEach(cleanup);

const BASE = '/api/calendars/L01410917';
const year = new Date().getFullYear();

/** bpm's calendar of the organism; each accepted change is what the next read answers. */
function calendarServer(start: OrganismCalendarResource = organismCalendar(), extra: Record<string, Handler> = {}) {
  let current = start;
  return fakeApi({
    [`GET ${BASE}`]: () => json(current),
    [`PUT ${BASE}/settings`]: ({ body }) => {
      current = { ...current, settings: body as OrganismCalendarResource['settings'], configured: true };
      return json(current);
    },
    [`POST ${BASE}/corrections`]: () => {
      const draft = { ...current.datasets[2]!, version: 3 };
      current = { ...current, datasets: [...current.datasets, draft] };
      return json(current, 201);
    },
    ...extra,
  });
}

const routes = [{ path: '/organismos/:code/calendario', element: <CalendarPage /> }];
const PAGE = '/organismos/L01410917/calendario';

describe("an organism's calendar page", () => {
  it('shows the datasets with their level, version, status, origin and bulletins, and links the public calendars of this year and the next', async () => {
    const { api } = calendarServer();
    renderAt(PAGE, routes, api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Calendario de días inhábiles de L01410917' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Calendarios del organismo con su versión, estado y boletines' });
    const national = within(table).getByRole('row', { name: /España/ });
    expect(national.textContent).toContain('Nacional');
    expect(national.textContent).toContain('Verificado');
    expect(national.textContent).toContain('verificado por revisor-1, revisor-2');
    expect(national.textContent).toContain('Incluido en Tramita');
    expect(within(national).getByRole('link', { name: 'BOE BOE-A-2025-21667' }).getAttribute('href')).toContain('boe.es');
    const rows = within(table).getAllByRole('row', { name: /Sevilla/ });
    expect(rows.map((r) => r.textContent?.includes('Borrador'))).toEqual([false, true]);
    expect(rows[1]!.textContent).toContain('Corrección del organismo');
    // Only the organism's draft waits for approval.
    expect(within(table).getAllByRole('button', { name: /^Aprobar/ })).toHaveLength(1);
    expect(within(rows[1]!).getByRole('button', { name: `Aprobar la corrección de ${year}, versión 2` })).toBeTruthy();

    const links = screen.getByRole('region', { name: 'Calendarios públicos' });
    for (const y of [year, year + 1]) {
      expect(
        within(links)
          .getByRole('link', { name: `Calendario de ${y} como página` })
          .getAttribute('href'),
      ).toBe(`${BASE}/inhabiles/${y}?format=html`);
      expect(
        within(links)
          .getByRole('link', { name: `Calendario de ${y} en JSON` })
          .getAttribute('href'),
      ).toBe(`${BASE}/inhabiles/${y}`);
      expect(
        within(links)
          .getByRole('link', { name: `Calendario de ${y} en iCalendar` })
          .getAttribute('href'),
      ).toBe(`${BASE}/inhabiles/${y}?format=ics`);
    }
    expect(screen.getByRole('link', { name: 'Volver al organismo' }).getAttribute('href')).toBe('/organismos/L01410917');
  });

  it("says whether this year's and next year's calendars are ready, each dataset with its status, and what is missing", async () => {
    const { api } = calendarServer();
    renderAt(PAGE, routes, api);
    const section = await screen.findByRole('region', { name: 'Calendarios de este año y del siguiente' });
    const thisYear = within(section).getByRole('group', { name: `Año ${year} Definitivo` });
    expect(
      within(thisYear)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'España (ES) · Nacional: Verificado · versión 1',
      'Andalucía (ES-AN) · Autonómico: Verificado · versión 1',
      'Sevilla (41091) · Local: Verificado · versión 1',
    ]);
    expect(within(thisYear).queryByText(/Faltan los festivos locales/)).toBeNull();
    const nextYear = within(section).getByRole('group', { name: `Año ${year + 1} Provisional` });
    expect(
      within(nextYear)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['España (ES) · Nacional: Borrador · versión 1', 'Andalucía (ES-AN) · Autonómico: Borrador · versión 1', 'Sevilla (41091) · Local: No cargado']);
    expect(within(nextYear).getByText(`Faltan los festivos locales de ${year + 1}: propóngalos con su boletín en «Corregir calendario local».`)).toBeTruthy();
    expect(within(nextYear).getByText(/Los calendarios nacional y autonómico de \d{4} los incluye Tramita/)).toBeTruthy();
  });

  it('does not invite a reader who may not manage the calendar to add the missing local holidays', async () => {
    const { api } = calendarServer(organismCalendar({ canManage: false }));
    renderAt(PAGE, routes, api);
    const section = await screen.findByRole('region', { name: 'Calendarios de este año y del siguiente' });
    expect(within(section).getByText('No cargado')).toBeTruthy();
    expect(within(section).queryByText(/Faltan los festivos locales/)).toBeNull();
  });

  it('saves the seat, refusing a municipality that is not an INE code with the focus on it', async () => {
    const { api, calls } = calendarServer();
    renderAt(PAGE, routes, api);
    const form = await screen.findByRole('form', { name: 'Sede del organismo' });
    expect(within(form).getByLabelText<HTMLSelectElement>(/Comunidad o ciudad autónoma/).value).toBe('ES-AN');
    expect(within(form).getAllByRole('option', { name: /./ }).length).toBeGreaterThanOrEqual(19 + 2);
    const municipality = within(form).getByLabelText(/Municipio/);
    fireEvent.change(municipality, { target: { value: '4109' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar la sede' }));
    expect(within(form).getByText('El código INE del municipio tiene cinco cifras.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(municipality));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(within(form).getByLabelText(/Comunidad o ciudad autónoma/), { target: { value: 'ES-CN' } });
    fireEvent.change(municipality, { target: { value: '35016' } });
    fireEvent.change(within(form).getByLabelText(/Zona horaria/), { target: { value: 'Atlantic/Canary' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar la sede' }));
    expect(await screen.findByText('Se ha guardado la sede; los plazos abiertos se recalculan con ella.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ community: 'ES-CN', municipality: '35016', timeZone: 'Atlantic/Canary' });
    await waitFor(() => expect(screen.getByRole('form', { name: 'Sede del organismo' }).querySelector<HTMLSelectElement>('select')?.value).toBe('ES-CN'));
  });

  it('proposes a correction of the local calendar starting from its current days, with rows added and removed, refused until complete', async () => {
    const { api, calls } = calendarServer();
    renderAt(PAGE, routes, api);
    const form = await screen.findByRole('form', { name: 'Corregir calendario local' });
    expect(within(form).getByLabelText<HTMLInputElement>(/^Año/).value).toBe(String(year));
    // The newest local version (the draft, version 2) has one day.
    expect(within(form).getByLabelText<HTMLInputElement>('Fecha del día 1').value).toBe(`${year}-04-22`);
    expect(within(form).queryByLabelText('Fecha del día 2')).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Añadir día' }));
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Fecha del día 2')));
    fireEvent.click(within(form).getByRole('button', { name: 'Proponer la corrección' }));
    expect(within(form).getByText('Indique la fecha.')).toBeTruthy();
    expect(within(form).getByText('Indique el nombre del festivo.')).toBeTruthy();
    expect(within(form).getByText('Indique el boletín (de 2 a 20 caracteres).')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Fecha del día 2')));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Fecha del día 2'), { target: { value: `${year}-06-04` } });
    fireEvent.change(within(form).getByLabelText('Nombre del día 2'), { target: { value: 'Corpus Christi' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Añadir día' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Quitar el día 3' }));
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByRole('button', { name: 'Añadir día' })));
    fireEvent.change(within(form).getByLabelText(/^Boletín/), { target: { value: 'BOP' } });
    fireEvent.change(within(form).getByLabelText(/^Referencia/), { target: { value: 'BOP-SE-2025-99' } });
    fireEvent.change(within(form).getByLabelText(/Dirección/), { target: { value: 'https://bop.example/99' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Proponer la corrección' }));
    expect(await screen.findByText(`Se ha propuesto la corrección de ${year}: queda en borrador hasta que otra persona la apruebe.`)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      year,
      days: [
        { date: `${year}-04-22`, name: 'Miércoles de Feria', kind: 'HOLIDAY' },
        { date: `${year}-06-04`, name: 'Corpus Christi', kind: 'HOLIDAY' },
      ],
      source: { bulletin: 'BOP', reference: 'BOP-SE-2025-99', url: 'https://bop.example/99', publishedOn: null },
    });
    expect(await screen.findByRole('button', { name: `Aprobar la corrección de ${year}, versión 3` })).toBeTruthy();
  });

  it('approves a draft, and says in words why the proposer may not approve their own', async () => {
    let attempts = 0;
    const { api, calls } = calendarServer(undefined, {
      [`POST ${BASE}/corrections/${year}/2/approve`]: () =>
        ++attempts === 1
          ? problem(409, 'same-approver', 'admin propuso esta versión.')
          : json(
              organismCalendar({
                datasets: organismCalendar().datasets.map((d) => (d.version === 2 ? { ...d, status: 'VERIFIED', verifiedBy: ['admin', 'otra'] } : d)),
              }),
            ),
    });
    renderAt(PAGE, routes, api);
    fireEvent.click(await screen.findByRole('button', { name: `Aprobar la corrección de ${year}, versión 2` }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Quien propone una corrección no puede aprobarla');
    // The sentence says it all: bpm's own wording is not repeated after it.
    expect(alert.textContent).not.toContain('admin propuso esta versión.');
    fireEvent.click(screen.getByRole('button', { name: `Aprobar la corrección de ${year}, versión 2` }));
    expect(await screen.findByText(`Se ha aprobado la corrección de ${year} (versión 2); los plazos abiertos se recalculan.`)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Aprobar/ })).toBeNull();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).toEqual([
      `${BASE}/corrections/${year}/2/approve`,
      `${BASE}/corrections/${year}/2/approve`,
    ]);
  });

  it('shows the seat read-only to whoever may not manage it, and says when the organism has not stated one', async () => {
    const { api } = calendarServer(organismCalendar({ canManage: false, configured: false }));
    renderAt(PAGE, routes, api);
    expect(await screen.findByText(/El organismo no ha indicado su sede/)).toBeTruthy();
    const seat = screen.getByRole('region', { name: 'Sede del organismo' });
    expect(seat.textContent).toContain('Andalucía');
    expect(seat.textContent).toContain('41091');
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Aprobar/ })).toBeNull();
  });
});
