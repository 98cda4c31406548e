import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORGANISM, type TestUser } from '@tramita/platform/testing';
import { startHarness, waitFor, type Harness } from './harness.ts';

const A = 'L01280796';
const B = 'A01002820';
const member = (username: string, organism: string, roles: string[]): TestUser => ({ username, givenName: username, memberships: [{ organism, roles }] });
const adminA = member('admin-a', A, ['admin', 'tramitador']);
const adminB = member('admin-b', B, ['admin', 'tramitador']);
const platformAdmin = member('plataforma', TEST_ORGANISM, ['admin', 'platform-admin']);

describe('initial options per organism over HTTP (ADR 0013, point 7, component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  const as = async (user: TestUser, method: string, path: string, body?: unknown) =>
    h.call(method, path, { user: null, headers: await h.issuer.headers(user), ...(body !== undefined ? { body } : {}) });
  const codesFor = async (user: TestUser) =>
    ((await (await as(user, 'GET', '/api/initial-options')).json()) as { items: { code: string; organism: string | null }[] }).items.map(
      (o) => `${o.code}:${o.organism}`,
    );

  it("shows each organism the shared options and its own, never the other's; only their admin adds to a catalogue", async () => {
    expect((await as(adminA, 'POST', '/api/initial-options', { code: 'OBRAS', name: 'Obras de A', organism: A })).status).toBe(201);
    expect((await as(adminB, 'POST', '/api/initial-options', { code: 'MERCADO', name: 'Mercado de B', organism: B })).status).toBe(201);
    // Another organism's catalogue is answered as a missing organism; the shared one needs platform-admin.
    const intoB = await as(adminA, 'POST', '/api/initial-options', { code: 'INTRUSA', name: 'Intrusa', organism: B });
    expect(intoB.status).toBe(404);
    expect(await intoB.json()).toMatchObject({ code: 'organism-not-found' });
    const shared = await as(adminA, 'POST', '/api/initial-options', { code: 'INTRUSA', name: 'Intrusa' });
    expect(shared.status).toBe(403);
    expect(await shared.json()).toMatchObject({ code: 'role-required', requiredRoles: ['platform-admin'] });
    expect((await as(platformAdmin, 'POST', '/api/initial-options', { code: 'REGISTRO', name: 'Registro presencial' })).status).toBe(201);
    // A shared code cannot be shadowed.
    expect((await as(adminA, 'POST', '/api/initial-options', { code: 'REGISTRO', name: 'Registro de A', organism: A })).status).toBe(409);

    expect(await codesFor(adminA)).toEqual(['PETICION_DTO:null', 'OBRAS:L01280796', 'REGISTRO:null', 'SEDE:null']);
    expect(await codesFor(adminB)).toEqual(['PETICION_DTO:null', 'MERCADO:A01002820', 'REGISTRO:null', 'SEDE:null']);
    expect(await codesFor(adminB)).not.toContain('INTRUSA:A01002820');

    // Each addition is on the audit trail with its catalogue's organism.
    const audit = (await (await as(platformAdmin, 'GET', '/api/admin/files/audit?limit=1000')).json()) as {
      items: { action: string; organism: string | null; outcome: string; actor: unknown; details: { code: string } }[];
    };
    const added = audit.items.filter((e) => e.action === 'initial-option.create');
    expect(added.map((e) => `${e.details.code}:${e.organism}`)).toEqual(['OBRAS:L01280796', 'MERCADO:A01002820', 'REGISTRO:null']);
    // The refused shared addition is on it too (the platform records a refused command).
    expect(audit.items.filter((e) => e.outcome === 'refused')).toEqual([
      expect.objectContaining({
        action: 'access.refused',
        actor: { username: 'admin-a', displayName: 'admin-a' },
        details: expect.objectContaining({ code: 'role-required', route: '/api/initial-options' }),
      }),
    ]);
  });

  it("answers an expediente with another organism's option 400 unknown-initial-option, like a missing one, and takes its own", async () => {
    const create = (code: string, initialOption: string) => as(adminA, 'POST', '/api/files', { code, initialOption, documents: ['d-1'] });
    const theirs = await create('CAT-1', 'MERCADO');
    expect(theirs.status).toBe(400);
    const missing = await create('CAT-1', 'NO-EXISTE');
    expect(missing.status).toBe(400);
    expect(await theirs.json()).toMatchObject({ code: 'unknown-initial-option' });
    expect(await missing.json()).toMatchObject({ code: 'unknown-initial-option' });

    const own = await create('CAT-1', 'OBRAS');
    expect(own.status).toBe(202);
    const { sagaId } = (await own.json()) as { sagaId: string };
    await waitFor(
      async () => ((await (await as(adminA, 'GET', `/api/sagas/${sagaId}`)).json()) as { status: string }).status === 'completed' || undefined,
      'CAT-1',
    );
    const edit = await as(adminA, 'PATCH', '/api/files/CAT-1', { initialOption: 'MERCADO', expectedVersion: 1 });
    expect(edit.status).toBe(400);
    expect(await edit.json()).toMatchObject({ code: 'unknown-initial-option' });
    const record = (await (await as(adminA, 'GET', '/api/files/CAT-1/record')).json()) as { initialOption: { code: string }; version: number };
    expect(record).toMatchObject({ initialOption: { code: 'OBRAS' }, version: 1 });
  });
});
