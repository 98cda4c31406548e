import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { eventually } from './net.ts';

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface JourneyOptions {
  /** Code of the expediente to create (default EXP-<now>). */
  code?: string;
}

/**
 * The whole journey of one expediente through the public API, as user "user" (roles
 * tramitador, tecnico, validador): upload, create through the saga, list, detail, edit, walk
 * every phase including the rejection loop, download, and the refusals once finished. The same
 * scenario runs against every topology (all-in-one in e2e/, distributed in e2e/distributed/).
 */
export async function walkTheWholeJourney(api: ApiClient, options: JourneyOptions = {}): Promise<void> {
  const code = options.code ?? `EXP-${Date.now()}`;
  const bytes = pdf('Solicitud de licencia');

  // Upload a document first; it is streamed to docs and referenced by id.
  const uploaded = await api.upload('Solicitud año 2026.pdf', bytes);
  expect(uploaded.status).toBe(201);
  const document = (await uploaded.json()) as { id: string; name: string; mediaType: string; size: number; sha256: string };
  expect(document).toMatchObject({ name: 'Solicitud año 2026.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) });

  // Create: 202 with the saga's location, then follow the saga until it completes.
  const created = await api.request('POST', '/api/files', { code, initialOption: 'SEDE', description: 'Licencia de obra menor', documents: [document.id] });
  expect(created.status).toBe(202);
  const location = created.headers.get('location');
  expect(location).toMatch(/^\/api\/sagas\//);
  const saga = await eventually('saga completion', async () => {
    const status = await api.json<{ status: string; fileCode: string }>('GET', location!, undefined, 200);
    return status.status === 'running' ? undefined : status;
  });
  expect(saga).toMatchObject({ status: 'completed', fileCode: code });

  // Listed in the read model with its total.
  const listed = await eventually('the expediente in the list', async () => {
    const page = await api.json<{ items: { code: string; phase: { code: string } | null }[]; total: number }>('GET', `/api/files?q=${code}`, undefined, 200);
    return page.items.some((i) => i.code === code && i.phase?.code === 'INICIAL') ? page : undefined;
  });
  expect(listed.total).toBeGreaterThanOrEqual(1);
  const all = await api.json<{ total: number; page: number; size: number }>('GET', '/api/files?page=1&size=5', undefined, 200);
  expect(all).toMatchObject({ page: 1, size: 5 });
  expect(all.total).toBeGreaterThanOrEqual(1);

  // Detail composed by the gateway, with display names "Apellidos, Nombre".
  const detail = await api.json('GET', `/api/files/${code}`, undefined, 200);
  expect(detail).toMatchObject({
    code,
    description: 'Licencia de obra menor',
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    finished: false,
    // files' record and the composed detail agree on the phase's shape (the contract's code and name)
    currentPhase: { code: 'INICIAL', name: 'Fase inicial' },
    createdBy: { username: 'user', displayName: 'Genérico, Usuario' },
  });
  expect(detail.process.history).toHaveLength(1);
  expect(detail.process.history[0]).toMatchObject({ phase: { code: 'INICIAL', name: 'Fase inicial' }, enteredBy: { displayName: 'Genérico, Usuario' } });
  expect(detail.documents).toEqual([
    expect.objectContaining({ id: document.id, name: 'Solicitud año 2026.pdf', createdBy: expect.objectContaining({ displayName: 'Genérico, Usuario' }) }),
  ]);

  // Edit description and initial option; the list follows both (the original never showed option edits).
  // An edit must say which version it changes (428 otherwise).
  expect((await api.request('PATCH', `/api/files/${code}`, { description: 'a ciegas' })).status).toBe(428);
  const edited = await api.json(
    'PATCH',
    `/api/files/${code}`,
    { description: 'Licencia de obra mayor', initialOption: 'PETICION_DTO', expectedVersion: detail.version },
    200,
  );
  expect(edited).toMatchObject({ description: 'Licencia de obra mayor', initialOption: { code: 'PETICION_DTO' }, version: 2 });
  await eventually('the edit in the list', async () => {
    const page = await api.json<{ items: { code: string; description: string; initialOption: { code: string } }[] }>('GET', `/api/files?q=${code}`);
    const row = page.items.find((i) => i.code === code);
    return row?.initialOption.code === 'PETICION_DTO' && row.description === 'Licencia de obra mayor' ? row : undefined;
  });

  // Walk the phases, including the rejection loop.
  const walk = ['ANALISIS_TECNICO', 'RECHAZADO', 'INICIAL', 'ANALISIS_TECNICO', 'VALIDADO', 'FINALIZADO'];
  for (const to of walk) {
    const offered = await api.json<{ version: number; transitions: { to: { code: string }; allowed: boolean }[] }>(
      'GET',
      `/api/files/${code}/transitions`,
      undefined,
      200,
    );
    expect(offered.transitions.filter((t) => t.allowed).map((t) => t.to.code)).toContain(to);
    const moved = await api.request('POST', `/api/files/${code}/transitions`, { to, expectedVersion: offered.version });
    expect(moved.status, `transition to ${to}`).toBe(200);
  }

  // The complete history, loops included; FINALIZADO closed at once.
  const finished = await eventually('the finished flag in the detail', async () => {
    const d = await api.json('GET', `/api/files/${code}`, undefined, 200);
    return d.finished ? d : undefined;
  });
  const history = finished.process.history as {
    phase: { code: string };
    enteredAt: string;
    finishedAt: string | null;
    finishedBy: { displayName: string } | null;
  }[];
  expect(history.map((h) => h.phase.code)).toEqual(['INICIAL', ...walk]);
  expect(history.every((h) => h.finishedAt !== null && h.finishedBy?.displayName === 'Genérico, Usuario')).toBe(true);
  expect(history.at(-1)!.finishedAt).toBe(history.at(-1)!.enteredAt);

  // The document, byte for byte, with a safe Content-Disposition.
  const download = await api.request('GET', `/api/docs/${document.id}/content`);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''Solicitud%20a%C3%B1o%202026.pdf");
  expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

  // Once finished, edits and transitions are refused and nothing changes.
  const refusedEdit = await api.request('PATCH', `/api/files/${code}`, { description: 'tarde', expectedVersion: edited.version });
  expect(refusedEdit.status).toBe(409);
  expect(refusedEdit.headers.get('content-type')).toContain('application/problem+json');
  const refusedMove = await api.request('POST', `/api/files/${code}/transitions`, { to: 'INICIAL', expectedVersion: walk.length + 1 });
  expect(refusedMove.status).toBe(409);
  const after = await api.json('GET', `/api/files/${code}`, undefined, 200);
  expect(after.description).toBe('Licencia de obra mayor');
  expect(after.process.history).toHaveLength(7);
}
