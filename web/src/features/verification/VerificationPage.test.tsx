// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App.tsx';
import { changeLanguage } from '../../i18n/i18n.ts';
import { json, problem } from '../../test/harness.tsx';
import type { Verification } from './verification.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  act(() => changeLanguage('es'));
});

const CSV = 'SEV7K3M9QX2RTVB6WZ4HNPCJD';

function verification(overrides: Partial<Verification> = {}): Verification {
  return {
    csv: 'SEV7K-3M9QX-2RTVB-6WZ4H-NPCJD',
    verdict: 'VIGENTE',
    annulment: null,
    documento: {
      identificador: 'ES_L01280796_2026_000000000000000000000000000001',
      organo: 'L01280796',
      fechaCaptura: '2026-07-01T08:30:00Z',
      tipoDocumental: 'TD01',
      estadoElaboracion: 'EE01',
      nombreFormato: 'PDF',
      version: 2,
      size: 2048,
      sha256: 'ab'.repeat(32),
      issuedAt: '2026-07-01T08:31:00Z',
    },
    firmas: [{ tipo: 'TF01', detalle: 'CSV SEV7K-3M9QX-2RTVB-6WZ4H-NPCJD' }],
    regulacion: 'BOE-A-2026-12345',
    availableUntil: '2031-07-01T00:00:00Z',
    links: { original: `/verificacion/${CSV}/original`, copia: `/verificacion/${CSV}/copia`, eni: `/verificacion/${CSV}/eni` },
    ...overrides,
  } satisfies Verification;
}

/** docs' public route, answering `answer` for any CSV; every request recorded. */
function publicDocs(answer: () => Response) {
  const requests: { path: string; headers: Headers }[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    requests.push({ path: url.pathname, headers: new Headers(init.headers) });
    return url.pathname.startsWith('/verificacion/') ? answer() : problem(404, 'route-not-found');
  });
  return requests;
}

/** The whole app at `path`, as a visitor without any session opens it. */
function openApp(path: string) {
  window.sessionStorage.clear();
  window.history.pushState({}, '', path);
  return render(<App />);
}

const ask = (code: string) => {
  fireEvent.change(screen.getByLabelText(/Código seguro de verificación/), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Verificar' }));
};

describe('the public verification of a document by its CSV', () => {
  it('verifies a code typed in lower case with spaces and hyphens, with no session and no token, and moves the focus to the verdict', async () => {
    const requests = publicDocs(() => json(verification()));
    openApp('/verificar');
    expect(screen.getByRole('heading', { level: 1, name: 'Verificación de documentos' })).toBeTruthy();
    const field = screen.getByLabelText(/Código seguro de verificación/);
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('25 caracteres; mayúsculas, minúsculas y guiones dan igual.');
    // No login page, no session: nothing but the public page.
    expect(screen.queryByText('Iniciando sesión')).toBeNull();

    ask(' sev7k 3m9qx-2rtvb 6wz4h npcjd ');
    const result = await screen.findByRole('region', { name: 'Resultado de la verificación' });
    expect(requests.map((r) => r.path)).toEqual([`/verificacion/${CSV}`]);
    expect(requests[0]!.headers.get('authorization')).toBeNull();
    expect(window.location.pathname).toBe(`/verificar/${CSV}`);
    await waitFor(() => expect(document.activeElement).toBe(within(result).getByRole('heading', { name: 'Resultado de la verificación' })));
    expect(result.textContent).toContain('VIGENTE');
    expect(result.textContent).toContain('Integridad verificada: el documento es auténtico y no se ha modificado.');
    for (const text of [
      'ES_L01280796_2026_000000000000000000000000000001',
      'L01280796',
      '01/07/2026 10:30',
      'TD01 · Resolución',
      'EE01 · Original',
      'PDF',
      '2 KB',
      'ab'.repeat(32),
      'TF01 · CSV',
      'BOE-A-2026-12345',
      'Se puede verificar hasta el 01/07/2031 02:00.',
    ])
      expect(result.textContent).toContain(text);
    expect(within(result).getByRole('link', { name: 'Documento original' }).getAttribute('href')).toBe(`/verificacion/${CSV}/original`);
    expect(within(result).getByRole('link', { name: 'Copia imprimible (PDF con CSV)' }).getAttribute('href')).toBe(`/verificacion/${CSV}/copia`);
    expect(within(result).getByRole('link', { name: 'Documento ENI (XML)' }).getAttribute('href')).toBe(`/verificacion/${CSV}/eni`);
  });

  it('opens straight from the QR code of a printed copy and says an annulled document is ANULADO, with when and why, and offers no copy of a non-PDF', async () => {
    publicDocs(() =>
      json(
        verification({
          verdict: 'ANULADO',
          annulment: { at: '2026-07-05T07:00:00Z', reason: 'Documento retirado del expediente' },
          links: { ...verification().links, copia: null },
        }),
      ),
    );
    openApp(`/verificar/${CSV}`);
    const result = await screen.findByRole('region', { name: 'Resultado de la verificación' });
    expect(screen.getByLabelText<HTMLInputElement>(/Código seguro de verificación/).value).toBe('SEV7K-3M9QX-2RTVB-6WZ4H-NPCJD');
    expect(result.textContent).toContain('ANULADO');
    expect(result.textContent).toContain('Este documento fue anulado el 05/07/2026 09:00. Motivo: Documento retirado del expediente');
    expect(result.textContent).not.toContain('Integridad verificada');
    expect(within(result).queryByRole('link', { name: /Copia imprimible/ })).toBeNull();

    // In English too, by the app's language switch.
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByText('ANULADO (annulled)')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Document verification' })).toBeTruthy();
  });

  it('says no document has an unknown code, and moves the focus to that message', async () => {
    publicDocs(() => problem(404, 'csv-not-found', 'No document has this verification code (CSV).'));
    openApp('/verificar');
    ask(CSV);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('No existe ningún documento con ese código.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('ties a malformed code to the field, with docs’ reason, and puts the focus back in it', async () => {
    publicDocs(() => problem(400, 'invalid-csv', 'That is not a valid verification code: the check symbol does not match.'));
    openApp('/verificar');
    ask('SEV7K3M9QX2RTVB6WZ4HNPCJE');
    const field = screen.getByLabelText(/Código seguro de verificación/);
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = field.getAttribute('aria-describedby')!.split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain('Ese código no es válido: revise que lo ha copiado entero.');
    expect(screen.getByText(/the check symbol does not match/).getAttribute('lang')).toBe('en');
    await waitFor(() => expect(document.activeElement).toBe(field));
  });

  it('asks for a code before asking docs, and says so when too many were asked', async () => {
    const requests = publicDocs(() => new Response('{}', { status: 429, headers: { 'content-type': 'application/problem+json' } }));
    openApp('/verificar');
    ask('  - ');
    expect(screen.getByText('Escriba el código seguro de verificación.')).toBeTruthy();
    expect(requests).toHaveLength(0);
    ask(CSV);
    expect((await screen.findByRole('alert')).textContent).toBe('Demasiadas consultas seguidas. Espere un minuto y vuelva a intentarlo.');
  });
});
