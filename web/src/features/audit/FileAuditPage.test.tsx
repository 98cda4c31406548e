// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryResource, FileAuditTrailResource } from '@tramita/contracts';
import { fakeApi, json, problem, renderAt } from '../../test/harness.tsx';
import { FileAuditPage } from './FileAuditPage.tsx';

afterEach(cleanup);

const entry = (over: Partial<AuditEntryResource>): AuditEntryResource => ({
  seq: 1,
  at: '2026-12-04T09:00:00.000Z',
  service: 'files',
  actor: { username: 'ana', displayName: 'Pérez, Ana' },
  action: 'file.create',
  organism: 'E00000000',
  fileCode: 'EXP-1',
  sourceAddress: '192.0.2.7',
  outcome: 'success',
  correlationId: 'req-1',
  details: {},
  hash: 'a'.repeat(64),
  ...over,
});

const trail = (over: Partial<FileAuditTrailResource> = {}): FileAuditTrailResource => ({
  fileCode: 'EXP-1',
  items: [
    entry({}),
    entry({ seq: 4, service: 'docs', action: 'document.download', at: '2026-12-04T09:05:00.000Z' }),
    entry({ seq: 9, service: 'bpm', action: 'access.refused', outcome: 'refused', actor: { username: 'eve', displayName: 'Ajena, Eva' }, sourceAddress: null }),
  ],
  sources: [
    { service: 'files', available: true },
    { service: 'bpm', available: true },
    { service: 'docs', available: true },
  ],
  ...over,
});

const page = (api: ReturnType<typeof fakeApi>['api']) =>
  renderAt('/expedientes/EXP-1/auditoria', [{ path: '/expedientes/:code/auditoria', element: <FileAuditPage /> }], api);

describe("an expediente's audit trail page", () => {
  it('lists who did or read what, when, from where and with what outcome, from every service', async () => {
    const { api } = fakeApi({ 'GET /api/files/EXP-1/audit': () => json(trail()) });
    page(api);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.textContent).toContain('Pérez, Ana (ana)');
    expect(rows[0]!.textContent).toContain('file.create');
    expect(rows[0]!.textContent).toContain('192.0.2.7');
    expect(rows[2]!.textContent).toContain('access.refused');
    expect(rows[2]!.textContent).toContain('Rechazado');
  });

  it('says which service did not answer, instead of showing a shorter trail as if it were whole', async () => {
    const { api } = fakeApi({
      'GET /api/files/EXP-1/audit': () =>
        json(
          trail({
            sources: [
              { service: 'files', available: true },
              { service: 'bpm', available: false, reason: 'down' },
            ],
          }),
        ),
    });
    page(api);
    expect(await screen.findByText(/bpm/, { selector: '.alert' })).toBeTruthy();
  });

  it('explains a refusal for someone who administers no organism', async () => {
    const { api } = fakeApi({ 'GET /api/files/EXP-1/audit': () => problem(403, 'role-required') });
    page(api);
    expect(await screen.findByRole('alert')).toBeTruthy();
  });

  it("downloads a service's export of the expediente's range of its chain", async () => {
    const { api, calls } = fakeApi({
      'GET /api/files/EXP-1/audit': () => json(trail()),
      'GET /api/admin/bpm/audit/export': () => new Response('{"seq":1}\n', { headers: { 'content-type': 'application/x-ndjson' } }),
    });
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:audit';
    };
    URL.revokeObjectURL = () => undefined;
    page(api);
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: /bpm/ }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(calls.find((call) => call.url.pathname === '/api/admin/bpm/audit/export')?.url.searchParams.get('fileCode')).toBe('EXP-1');
  });
});
