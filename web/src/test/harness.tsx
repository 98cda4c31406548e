import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { ApiClient, type UploadHandle } from '../features/api/client.ts';
import { ServicesContext, type AppServices } from '../features/api/context.tsx';
import { setupI18n } from '../i18n/i18n.ts';

setupI18n('es');

export type Handler = (request: { method: string; url: URL; body: unknown; headers: Headers }) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });

export const problem = (status: number, code: string, detail = code) => json({ type: 'about:blank', title: 'x', status, code, detail }, status);

/** A fake API: routes are "METHOD /path" (query ignored) → handler; every call is recorded. */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: { method: string; url: URL; body: unknown; headers: Headers }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    // JSON bodies are read as values; a form stays the form; any other (a BPMN file) stays the text that was sent.
    const isJson = headers.get('content-type') === 'application/json';
    const body =
      init.body instanceof FormData ? init.body : typeof init.body === 'string' ? (isJson ? (JSON.parse(init.body) as unknown) : init.body) : undefined;
    const request = { method, url, body, headers };
    calls.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return problem(404, 'route-not-found');
    return handler(request);
  }) as typeof fetch;
  let expired = 0;
  const tokens = { accessToken: async () => 'token-1', refresh: async () => null };
  const api = new ApiClient(tokens, fetchFn, () => (expired += 1));
  return { api, calls, expiredCount: () => expired };
}

export function fakeUpload(outcome: (file: File) => { id: string } | Error = (file) => ({ id: `doc-${file.name}` })) {
  const started: string[] = [];
  const upload: AppServices['upload'] = (file, _token, onProgress): UploadHandle => {
    started.push(file.name);
    onProgress(0.5);
    const result = outcome(file);
    const promise =
      result instanceof Error
        ? Promise.reject(result)
        : Promise.resolve({ id: result.id, name: file.name, mediaType: 'application/pdf', size: file.size, sha256: 'x' });
    return { promise, abort: () => {} };
  };
  return { upload, started };
}

export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

export function renderAt(path: string, routes: { path: string; element: ReactNode }[], api: ApiClient, upload: AppServices['upload'] = fakeUpload().upload) {
  const services: AppServices = { api, profile: { username: 'ana', displayName: 'Pérez, Ana', roles: ['tramitador'] }, upload };
  return render(
    <ServicesContext.Provider value={services}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          {routes.map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </ServicesContext.Provider>,
  );
}
