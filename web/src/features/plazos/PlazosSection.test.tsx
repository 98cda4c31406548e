// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlazoResource } from '@tramita/contracts';
import { fakeApi, json, problem, renderAt, type Handler } from '../../test/harness.tsx';
import { filePlazos, maximoPlazo, tramitePlazo } from '../../test/plazo-fixtures.ts';
import { PlazosSection } from './PlazosSection.tsx';

afterEach(cleanup);

const BASE = '/api/files/EXP-1/plazos';

/** bpm's plazos of EXP-1; each accepted action changes what the next read answers. */
function plazosServer(
  items: PlazoResource[] = [maximoPlazo(), tramitePlazo({ state: 'RUNNING', trafficLight: 'NEAR', outcome: null })],
  extra: Record<string, Handler> = {},
) {
  let current = filePlazos(items);
  const server = fakeApi({
    [`GET ${BASE}`]: () => json(current),
    [`POST ${BASE}/max/suspensions`]: () => {
      const suspended = maximoPlazo({
        state: 'SUSPENDED',
        trafficLight: 'SUSPENDED',
        due: null,
        suspensions: [
          ...maximoPlazo().suspensions,
          {
            id: 's2',
            cause: '22.1.d',
            causeLabel: 'solicitud de informe preceptivo',
            startedAt: '2026-04-01T09:30:00+02:00',
            endedAt: null,
            note: 'Informe pedido',
            recordedBy: { username: 'ana', displayName: 'Pérez Gil, Ana' },
            recordedAt: '2026-04-01T09:31:00+02:00',
          },
        ],
      });
      current = filePlazos([suspended, ...current.items.slice(1)]);
      return json(suspended, 201);
    },
    ...extra,
  });
  return server;
}

const routes = [{ path: '/expedientes/:code', element: <PlazosSection code="EXP-1" canEditContext /> }];
const card = (name: string) => screen.getByRole('article', { name });
const MAX = 'Plazo máximo para resolver y notificar';

describe('the plazos of an expediente', () => {
  it('shows each plazo with its due date in words, the time left, its light and why the date is provisional', async () => {
    const { api } = plazosServer();
    renderAt('/expedientes/EXP-1', routes, api);
    const max = await screen.findByRole('article', { name: MAX });
    expect(max.textContent).toContain('vence el viernes 10 de abril de 2026 a las 23:59 (hora peninsular)');
    expect(max.textContent).toContain('3 meses');
    expect(max.textContent).toContain('art. 21.3 de la Ley 39/2015 (el procedimiento no fija plazo)');
    expect(max.textContent).toContain('quedan 2 meses y 5 días');
    expect(within(max).getByText('En plazo')).toBeTruthy();
    expect(max.textContent).toContain('Fecha provisional: calendario no verificado para 2026 41091 (borrador), 2027 ES (no cargado).');
    expect(max.textContent).toContain('Silencio positivo (art. 24)');
    expect(max.textContent).toContain('jueves 9 de abril de 2026');
    // "Cómo se ha calculado" is a disclosure with the explanation's lines.
    const how = within(max).getByText('Cómo se ha calculado').closest('details')!;
    expect(how.open).toBe(false);
    expect(how.textContent).toContain('El 9 de abril es inhábil en Andalucía (Jueves Santo)');
    expect(how.textContent).toContain('Artículos aplicados: art. 21.3; art. 30.4.');
    expect(how.textContent).toContain('2026 ES v1 (verificado)');
    // Suspensions, extensions and the history with the moved communicated date flagged.
    const suspensions = within(max).getByRole('table', { name: `Suspensiones de «${MAX}»` });
    expect(within(suspensions).getByRole('row', { name: /requerimiento de subsanación/ }).textContent).toContain('02/02/2026 10:00');
    expect(max.textContent).toContain(
      '1 mes por el Art. 23 (ampliación del plazo máximo), acordada el 01/03/2026 09:00. De oficio. Número elevado de solicitudes',
    );
    const history = within(max).getByRole('table', { name: `Historial de «${MAX}»` });
    const moved = within(history).getByRole('row', { name: /Recalculado por un cambio de calendario/ });
    expect(moved.textContent).toContain('viernes 10 de abril de 2026 (provisional) · antes: jueves 9 de abril de 2026');
    expect(moved.textContent).toContain('Cambió una fecha ya comunicada: hay que comunicarla de nuevo (art. 21.4)');
    expect(within(history).getByRole('row', { name: /Calculado/ }).textContent).not.toContain('Cambió una fecha');
    expect(within(card('Subsanación')).getByText('Próximo a vencer')).toBeTruthy();
    expect(screen.getByText(/Se cuentan con el calendario de la sede \(Andalucía · 41091\)/)).toBeTruthy();
  });

  it('shows the outcome of an expired plazo and offers no action on it, nor any to whoever may not manage plazos', async () => {
    const { api } = plazosServer([maximoPlazo({ canManage: false }), tramitePlazo()]);
    renderAt('/expedientes/EXP-1', routes, api);
    const expired = await screen.findByRole('article', { name: 'Subsanación' });
    expect(expired.textContent).toContain('venció el jueves 19 de febrero de 2026 a las 23:59 (hora peninsular)');
    expect(expired.textContent).toContain('Plazo vencido (art. 68.1). Se le tiene por desistido de su petición.');
    expect(within(expired).getByText('Vencido')).toBeTruthy();
    expect(within(expired).queryByRole('button', { name: /Ampliar/ })).toBeNull();
    expect(within(card(MAX)).queryByRole('button', { name: /Suspender|Ampliar|Reanudar/ })).toBeNull();
  });

  it('suspends the maximum plazo for a legal cause, refusing first without one and putting the focus on it', async () => {
    const { api, calls } = plazosServer();
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: `Suspender «${MAX}»` }));
    const form = screen.getByRole('form', { name: `Suspender «${MAX}»` });
    const cause = within(form).getByLabelText(/Causa \(art. 22\)/);
    await waitFor(() => expect(document.activeElement).toBe(cause));
    expect(within(cause).getAllByRole('option')).toHaveLength(11);
    expect(within(cause).getByRole('option', { name: /Recusación \(art. 22.2.c\)/ })).toBeTruthy();
    // Art. 25.2 interrupts only a procedure started de oficio; this one started by a solicitud.
    expect(within(cause).queryByRole('option', { name: /art\. 25\.2/ })).toBeNull();
    expect(within(form).getByLabelText<HTMLInputElement>(/^Desde/).value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

    fireEvent.change(within(form).getByLabelText(/^Desde/), { target: { value: '2026-04-01T09:30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Suspender el plazo' }));
    expect(within(form).getByText('Elija la causa legal de la suspensión.')).toBeTruthy();
    expect(within(form).getByText('Indique el acto que suspende el plazo.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(cause));
    expect(cause.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(cause, { target: { value: '22.1.d' } });
    fireEvent.change(within(form).getByLabelText(/Acto que suspende/), { target: { value: ' Informe pedido ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Suspender el plazo' }));
    expect(await screen.findByText(`Se ha suspendido «${MAX}».`)).toBeTruthy();
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.url.pathname).toBe(`${BASE}/max/suspensions`);
    expect(sent?.body).toEqual({ cause: '22.1.d', startedAt: '2026-04-01T09:30:00+02:00', note: 'Informe pedido' });
    await waitFor(() => expect(card(MAX).textContent).toContain('Sin fecha mientras dure la suspensión'));
    expect(within(card(MAX)).getByText('Suspendido')).toBeTruthy();
    expect(within(card(MAX)).getByText('En curso')).toBeTruthy();
    expect(screen.queryByRole('form', { name: `Suspender «${MAX}»` })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(card(MAX)).getByRole('heading', { name: MAX })));
  });

  it('states the dies a quo of the maximum plazo from an earlier registry entry or the acuerdo de iniciación, showing why bpm refuses one', async () => {
    let answers = 0;
    const restarted = maximoPlazo({
      startedAt: '2026-01-05T09:00:00+01:00',
      history: [
        ...maximoPlazo().history,
        {
          at: '2026-03-06T10:00:00+01:00',
          actor: { username: 'ana', displayName: 'Pérez Gil, Ana' },
          event: 'STARTED',
          due: '2026-04-06',
          status: 'FINAL',
          previousDue: '2026-04-10',
          communicatedDateMoved: false,
          note: 'Entrada en el registro de la Consejería',
        },
      ],
    });
    const { api, calls } = plazosServer([maximoPlazo(), tramitePlazo({ state: 'RUNNING', trafficLight: 'NEAR', outcome: null })], {
      [`PUT ${BASE}/max/start`]: () => (++answers === 1 ? problem(422, 'start-in-the-future', 'The dies a quo cannot be in the future.') : json(restarted)),
    });
    renderAt('/expedientes/EXP-1', routes, api);
    // A trámite's plazo runs from its task: only the maximum one has a dies a quo to state.
    await screen.findByRole('article', { name: MAX });
    expect(within(card('Subsanación')).queryByRole('button', { name: /Fecha de inicio del cómputo/ })).toBeNull();
    fireEvent.click(within(card(MAX)).getByRole('button', { name: `Fecha de inicio del cómputo de «${MAX}»` }));
    const form = screen.getByRole('form', { name: `Fecha de inicio del cómputo de «${MAX}»` });
    const when = within(form).getByLabelText<HTMLInputElement>(/Fecha y hora/);
    await waitFor(() => expect(document.activeElement).toBe(when));
    // The current dies a quo in the sede's zone, and the basis the procedure's initiation (a solicitud) points to.
    expect(when.value).toBe('2026-01-09T09:15');
    const bases = within(form).getByRole('group', { name: /Desde/ });
    const registry = within(bases).getByRole<HTMLInputElement>('radio', { name: 'Entrada en el registro del órgano competente (art. 21.3.b)' });
    const acuerdo = within(bases).getByRole<HTMLInputElement>('radio', { name: 'Acuerdo de iniciación (art. 21.3.a)' });
    expect(registry.checked).toBe(true);
    expect(acuerdo.checked).toBe(false);

    fireEvent.click(within(form).getByRole('button', { name: 'Fijar la fecha de inicio' }));
    expect(within(form).getByText('Indique el acto desde el que se cuenta el plazo.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText(/^Acto/)));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(when, { target: { value: '2026-01-05T09:00' } });
    fireEvent.click(acuerdo);
    fireEvent.change(within(form).getByLabelText(/^Acto/), { target: { value: ' Acuerdo de 5 de enero ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fijar la fecha de inicio' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('La fecha de inicio del cómputo no puede ser posterior al momento actual.');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      startedAt: '2026-01-05T09:00:00+01:00',
      basis: 'ACUERDO_INICIACION',
      note: 'Acuerdo de 5 de enero',
    });

    fireEvent.click(registry);
    fireEvent.click(within(form).getByRole('button', { name: 'Fijar la fecha de inicio' }));
    expect(await screen.findByText(`Se ha fijado la fecha de inicio del cómputo de «${MAX}».`)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PUT')[1]?.body).toMatchObject({ basis: 'ENTRADA_REGISTRO' });
    expect(screen.queryByRole('form', { name: `Fecha de inicio del cómputo de «${MAX}»` })).toBeNull();
  });

  it('names the start of the count in the history', async () => {
    const started = maximoPlazo({
      history: [{ ...maximoPlazo().history[0]!, event: 'STARTED', note: 'Entrada en el registro de la Consejería' }],
    });
    const { api } = plazosServer([started]);
    renderAt('/expedientes/EXP-1', routes, api);
    const history = within(await screen.findByRole('article', { name: MAX })).getByRole('table', { name: `Historial de «${MAX}»` });
    expect(within(history).getByRole('row', { name: /Inicio del cómputo fijado/ }).textContent).toContain('Entrada en el registro de la Consejería');
  });

  it('resumes an open suspension with the instant its cause ended', async () => {
    const open = maximoPlazo({
      state: 'SUSPENDED',
      trafficLight: 'SUSPENDED',
      due: null,
      suspensions: [{ ...maximoPlazo().suspensions[0]!, endedAt: null }],
    });
    const { api, calls } = plazosServer([open], { [`POST ${BASE}/max/suspensions/s1/end`]: () => json(maximoPlazo()) });
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Reanudar: requerimiento de subsanación o de aportación de documentos' }));
    const form = screen.getByRole('form', { name: /^Reanudar/ });
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText(/Hasta/)));
    fireEvent.change(within(form).getByLabelText(/Hasta/), { target: { value: '2026-02-12T12:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Reanudar el plazo' }));
    expect(await screen.findByText(`Se ha reanudado «${MAX}».`)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ endedAt: '2026-02-12T12:00:00+01:00' });
  });

  it("extends a trámite under art. 32 or 68.2 and shows bpm's refusal with its detail", async () => {
    const { api, calls } = plazosServer(undefined, {
      [`POST ${BASE}/sub/extensions`]: () => problem(422, 'extension-too-long', 'El art. 32.1 permite como máximo 5 días hábiles.'),
    });
    renderAt('/expedientes/EXP-1', routes, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Ampliar «Subsanación»' }));
    const form = screen.getByRole('form', { name: 'Ampliar «Subsanación»' });
    const article = within(form).getByLabelText(/Artículo/);
    expect(
      within(article)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Art. 32 (ampliación de un trámite)', 'Art. 68.2 (ampliación de la subsanación)']);
    expect(within(form).getByLabelText<HTMLSelectElement>(/Unidad/).value).toBe('DIAS_HABILES');

    fireEvent.change(within(form).getByLabelText(/Cuánto/), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Ampliar el plazo' }));
    expect(within(form).getByText('Indique un número entero entre 1 y 1000.')).toBeTruthy();
    expect(within(form).getByText('Indique la motivación de la ampliación.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText(/Cuánto/)));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText(/Cuánto/), { target: { value: '8' } });
    fireEvent.change(within(form).getByLabelText(/Solicitada el/), { target: { value: '2026-02-10T11:00' } });
    fireEvent.change(within(form).getByLabelText(/Motivación/), { target: { value: 'Documentación del extranjero' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Ampliar el plazo' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('La ampliación supera lo que permite el artículo elegido.');
    expect(alert.textContent).toContain('El art. 32.1 permite como máximo 5 días hábiles.');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      article: '32',
      duration: { value: 8, unit: 'DIAS_HABILES' },
      requestedAt: '2026-02-10T11:00:00+01:00',
      reason: 'Documentación del extranjero',
    });
  });

  it("states the interested party's residence and channel for art. 30.6, checking the INE code first", async () => {
    const { api, calls } = plazosServer(undefined, {
      [`PUT ${BASE}/context`]: ({ body }) => json(filePlazos([maximoPlazo()], { calendar: { ...filePlazos().calendar, ...(body as object) } })),
    });
    renderAt('/expedientes/EXP-1', routes, api);
    const form = await screen.findByRole('form', { name: 'Residencia del interesado y canal' });
    const community = within(form).getByLabelText<HTMLSelectElement>(/Comunidad o ciudad autónoma de residencia/);
    expect(within(community).getAllByRole('option')).toHaveLength(20);
    fireEvent.change(within(form).getByLabelText(/Municipio/), { target: { value: '8019' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar y recalcular' }));
    expect(within(form).getByText('Elija primero la comunidad del municipio.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(community));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(community, { target: { value: 'ES-CT' } });
    fireEvent.change(within(form).getByLabelText(/Municipio/), { target: { value: '08019' } });
    fireEvent.change(within(form).getByLabelText(/Canal/), { target: { value: 'PRESENTIAL' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar y recalcular' }));
    expect(await screen.findByText('Se han guardado la residencia y el canal; los plazos se han recalculado.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ residence: { community: 'ES-CT', municipality: '08019' }, channel: 'PRESENTIAL' });
    expect(screen.getByText(/de la residencia del interesado \(Cataluña · 08019\); canal: Presencial/)).toBeTruthy();
  });

  it('says when an expediente has no plazos yet, and offers a retry when bpm fails', async () => {
    const { api } = fakeApi({ [`GET ${BASE}`]: () => problem(404, 'plazos-not-found') });
    renderAt('/expedientes/EXP-1', routes, api);
    expect(await screen.findByText('Este expediente no tiene plazos calculados todavía.')).toBeTruthy();
    cleanup();
    let calls = 0;
    const failing = fakeApi({ [`GET ${BASE}`]: () => (++calls === 1 ? problem(503, 'upstream-unavailable') : json(filePlazos())) });
    renderAt('/expedientes/EXP-1', routes, failing.api);
    expect((await screen.findByRole('alert')).textContent).toContain('no está disponible');
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByRole('article', { name: MAX })).toBeTruthy();
  });
});
