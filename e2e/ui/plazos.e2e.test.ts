import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { filePlazosSchema, type FilePlazosResource, type PlazoResource } from '@tramita/contracts';
import { ApiClient } from '../support/api-client.ts';
import { tinyPdf } from '../support/create-expediente.ts';
import { eventually } from '../support/net.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { plazosProcedure, startPlazoMonthAgo } from '../support/plazos-procedure.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/**
 * Issue 14, "Done when": an expediente whose procedure states a 3-month maximum plazo (art. 21) and a
 * 10-día-hábil subsanación (art. 68) shows both in the browser with their due dates and how they were
 * reached; the tramitador suspends the maximum one (art. 22.1.a), resumes it and states its dies a quo (art. 21.3.b). Every date asserted
 * is the one bpm answers for the same expediente, so the test holds on any day it runs.
 */
const PROCEDURE = plazosProcedure('PLAZOS_E2E', 'Autorización con plazos');

const MAXIMO = 'Plazo máximo para resolver y notificar';
const SUBSANAR = 'Subsanar la solicitud';
const CAUSE = 'Requerimiento de subsanación o de aportación de documentos (art. 22.1.a)';
const WEEKDAYS = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'];
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** What the page must say of a due date bpm gave as its last day (`YYYY-MM-DD`): a plazo in days or months ends at 23:59 of it (art. 30). */
function dueSentence(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `vence el ${weekday} ${day} de ${MONTHS[month - 1]} de ${year} a las 23:59 (hora peninsular)`;
}

/** What a date-time field in the sede's zone shows for an instant: `YYYY-MM-DDTHH:mm` on Madrid's clock. */
function madridWallClock(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

describe("the web UI in Chromium: an expediente's plazos, suspended and resumed (issue 14)", () => {
  const ui = useBrowserSystem();
  const code = `EXP-PLAZOS-${Date.now()}`;
  let tramitador: ApiClient;
  const login = async (username: string) =>
    new ApiClient(
      ui.tramita.url,
      (await loginWithPkce({ baseUrl: ui.tramita.url, username, password: E2E_PASSWORD, redirectUri: `${ui.tramita.url}/callback` })).accessToken,
    );
  /** bpm's answer for the expediente, as the tramitador in the browser would get it. */
  const plazos = async (): Promise<FilePlazosResource> => filePlazosSchema.parse(await tramitador.json('GET', `/api/files/${code}/plazos`, undefined, 200));
  const named = (all: FilePlazosResource, name: string): PlazoResource => {
    const found = all.items.find((plazo) => plazo.name === name);
    if (!found) throw new Error(`bpm has no plazo «${name}» for ${code}: ${all.items.map((plazo) => plazo.name).join(', ')}`);
    return found;
  };

  // The procedure deployed and offered as an initial option by the default organism's administrator;
  // an expediente opened on it through the API: its first task, the subsanación, waits for a tramitador.
  beforeAll(async () => {
    const admin = await login('admin');
    const deployed = await admin.request('POST', '/api/procedures', PROCEDURE, { 'content-type': 'application/xml' });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    const option = await admin.request('POST', '/api/initial-options', { code: 'PLAZOS-E2E', name: 'Autorización con plazos', procedureCode: 'PLAZOS_E2E' });
    expect(option.status, await option.clone().text()).toBe(201);

    const clerk = await login('agat');
    const uploaded = await clerk.upload(`${code}.pdf`, tinyPdf(code));
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const created = await clerk.request('POST', '/api/files', { code, initialOption: 'PLAZOS-E2E', description: 'Autorización con plazos', documents: [id] });
    expect(created.status, await created.clone().text()).toBe(202);
    const saga = created.headers.get('location')!;
    const status = await eventually(`the saga of ${code}`, async () => {
      const current = await clerk.json<{ status: string }>('GET', saga, undefined, 200);
      return current.status === 'running' ? undefined : current.status;
    });
    expect(status).toBe('completed');
    tramitador = await login('tramitador');
    // Both plazos are open before the browser looks: the maximum from the registry entry, the subsanación from its task.
    const open = await eventually('both plazos to be open', async () => {
      const all = await plazos().catch(() => undefined);
      return all && all.items.length === 2 ? all : undefined;
    });
    // Counted from a registry entry a month back, so it can be suspended today; set earlier still through the page, below.
    await startPlazoMonthAgo(tramitador, code, named(open, MAXIMO).plazoId);
  }, 180_000);

  /** The explanation's disclosure of a plazo: its lines (bpm's own) visible once opened; closed until then on a fresh page. */
  async function expectExplanation(page: Page, card: Locator, plazo: PlazoResource, { fresh }: { fresh: boolean }) {
    const how = card.locator('details').filter({ has: page.locator('summary', { hasText: 'Cómo se ha calculado' }) });
    const open = await how.evaluate((details) => (details as HTMLDetailsElement).open);
    if (fresh) expect(open).toBe(false);
    const lines = plazo.due!.explanation.lines;
    expect(lines.length).toBeGreaterThan(0);
    if (!open) await how.locator('summary').click();
    for (const line of lines) await how.getByText(line, { exact: true }).first().waitFor({ state: 'visible' });
  }

  it('shows the maximum plazo and the subsanación with their due dates and explanations, suspends the maximum one for art. 22.1.a, resumes it and counts it from an earlier registry entry', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes/${code}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'tramitador');
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();
    // The diagram drawn first, so the page is recorded whole.
    await page
      .getByRole('figure', { name: `Diagrama del procedimiento del expediente ${code}` })
      .getByText(`En curso: ${SUBSANAR}.`)
      .waitFor();

    const section = page.getByRole('region', { name: 'Plazos' });
    const maxCard = section.getByRole('article', { name: MAXIMO });
    const subCard = section.getByRole('article', { name: SUBSANAR });
    await maxCard.waitFor();
    await subCard.waitFor();

    const before = await plazos();
    const maximum = named(before, MAXIMO);
    const subsanacion = named(before, SUBSANAR);
    expect(maximum).toMatchObject({ kind: 'MAXIMO', durationText: '3 meses', state: 'RUNNING', canManage: true });
    expect(subsanacion).toMatchObject({ kind: 'TRAMITE', durationText: '10 días hábiles', state: 'RUNNING' });
    for (const [card, plazo] of [
      [maxCard, maximum],
      [subCard, subsanacion],
    ] as const) {
      const text = await card.innerText();
      expect(text).toContain(plazo.durationText);
      expect(text).toContain(plazo.timeLeft);
      expect(text).toContain(dueSentence(plazo.due!.date));
      await expectExplanation(page, card, plazo, { fresh: true });
    }
    expect(await maxCard.innerText()).toContain('Silencio negativo (art. 24)');
    await section.scrollIntoViewIfNeeded();
    await checkPage(page, 'plazos');

    // Suspended for a requirement to correct the application: no due date while it lasts (art. 22).
    await maxCard.getByRole('button', { name: `Suspender «${MAXIMO}»` }).click();
    const suspend = page.getByRole('form', { name: `Suspender «${MAXIMO}»` });
    await suspend.getByLabel(/Causa \(art\. 22\)/).selectOption({ label: CAUSE });
    await suspend.getByLabel(/Acto que suspende/).fill('Requerimiento de subsanación notificado');
    await checkPage(page, 'plazos-suspend');
    await suspend.getByRole('button', { name: 'Suspender el plazo' }).click();
    await section.getByText(`Se ha suspendido «${MAXIMO}».`).waitFor();
    await maxCard.locator('.plazo-head [data-light="SUSPENDED"]').filter({ hasText: 'Suspendido' }).waitFor();
    const suspension = maxCard.getByRole('table', { name: `Suspensiones de «${MAXIMO}»` }).getByRole('row', { name: /Requerimiento de subsanación/ });
    await suspension.getByText('En curso').waitFor();
    await expect(suspension.innerText()).resolves.toContain('Requerimiento de subsanación notificado');
    await maxCard.getByText('Sin fecha mientras dure la suspensión').waitFor();
    const suspended = named(await plazos(), MAXIMO);
    expect(suspended).toMatchObject({ state: 'SUSPENDED', due: null, trafficLight: 'SUSPENDED' });
    expect(suspended.suspensions).toHaveLength(1);
    expect(suspended.suspensions[0]).toMatchObject({ cause: '22.1.a', endedAt: null });
    await checkPage(page, 'plazos-suspended');

    // Resumed: the clock runs again and the page shows the date bpm now gives.
    await maxCard.getByRole('button', { name: `Reanudar: ${suspended.suspensions[0]!.causeLabel}` }).click();
    const resume = page.getByRole('form', { name: `Reanudar: ${suspended.suspensions[0]!.causeLabel}` });
    await resume.getByLabel(/^Nota/).fill('Documentación aportada');
    await resume.getByRole('button', { name: 'Reanudar el plazo' }).click();
    await section.getByText(`Se ha reanudado «${MAXIMO}».`).waitFor();
    await maxCard.locator('.plazo-head [data-light="IN_TIME"], .plazo-head [data-light="NEAR"]').waitFor();
    const resumed = named(await plazos(), MAXIMO);
    expect(resumed).toMatchObject({ state: 'RUNNING' });
    expect(resumed.suspensions[0]!.endedAt).not.toBeNull();
    // A suspension never brings the end forward.
    expect(resumed.due!.date >= maximum.due!.date).toBe(true);
    // The card is drawn again from bpm's answer: wait for the new date rather than read it once.
    await maxCard.getByText(dueSentence(resumed.due!.date)).first().waitFor();
    await expect(suspension.innerText()).resolves.not.toContain('En curso');
    // The history says what happened, in order.
    expect(resumed.history.map((entry) => entry.event)).toEqual(['COMPUTED', 'STARTED', 'SUSPENDED', 'RESUMED']);
    const history = maxCard.locator('details').filter({ has: page.locator('summary', { hasText: 'Historial del plazo' }) });
    await history.locator('summary').click();
    const rows = history.getByRole('table', { name: `Historial de «${MAXIMO}»` }).getByRole('row');
    await expect(rows.nth(3).innerText()).resolves.toContain('Suspendido');
    await expect(rows.nth(4).innerText()).resolves.toContain('Reanudado');
    await expectExplanation(page, maxCard, resumed, { fresh: false });
    await checkPage(page, 'plazos-resumed');

    // The solicitud entered the competent body's registry a week earlier (art. 21.3.b): the count starts there.
    await maxCard.getByRole('button', { name: `Fecha de inicio del cómputo de «${MAXIMO}»` }).click();
    const start = page.getByRole('form', { name: `Fecha de inicio del cómputo de «${MAXIMO}»` });
    const registry = start.getByRole('radio', { name: 'Entrada en el registro del órgano competente (art. 21.3.b)' });
    expect(await registry.isChecked()).toBe(true);
    await start.getByLabel(/Fecha y hora/).fill(madridWallClock(new Date(Date.parse(resumed.startedAt) - 7 * 24 * 3600_000)));
    await start.getByLabel(/^Acto/).fill('Solicitud registrada en la Consejería una semana antes');
    await checkPage(page, 'plazos-start');
    await start.getByRole('button', { name: 'Fijar la fecha de inicio' }).click();
    await section.getByText(`Se ha fijado la fecha de inicio del cómputo de «${MAXIMO}».`).waitFor();
    const restarted = named(await plazos(), MAXIMO);
    expect(restarted.history.at(-1)).toMatchObject({ event: 'STARTED', note: 'Solicitud registrada en la Consejería una semana antes' });
    expect(Date.parse(restarted.startedAt)).toBeLessThan(Date.parse(resumed.startedAt));
    expect(restarted.due!.date <= resumed.due!.date).toBe(true);
    await maxCard.getByText(dueSentence(restarted.due!.date)).first().waitFor();
    await expect(rows.last().innerText()).resolves.toContain('Inicio del cómputo fijado');
  }, 240_000);
});
