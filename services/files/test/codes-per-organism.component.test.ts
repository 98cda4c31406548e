import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORGANISM, type TestUser } from '@tramita/platform/testing';
import { createAndWait, startHarness, waitFor, type Harness } from './harness.ts';

const OTHER = 'A01002820';
const eva: TestUser = { username: 'eva', givenName: 'Eva', familyName: 'Otra Sanz', memberships: [{ organism: OTHER, roles: ['tramitador'] }] };
const dual: TestUser = {
  username: 'doble',
  givenName: 'Dora',
  familyName: 'Doble Ruiz',
  memberships: [
    { organism: TEST_ORGANISM, roles: ['tramitador'] },
    { organism: OTHER, roles: ['consulta'] },
  ],
};

describe('expediente codes unique per organism (ADR 0013, component)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  const as = async (user: TestUser, method: string, path: string, body?: unknown) =>
    h.call(method, path, { user: null, headers: await h.issuer.headers(user), ...(body !== undefined ? { body } : {}) });
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  it("lets two organisms each have their own EXP-1, and never tells one of the other's", async () => {
    // The other organism creates SAME-1 first: this organism's availability and creation ignore it.
    const theirs = await as(eva, 'POST', '/api/files', { code: 'SAME-1', initialOption: 'SEDE', documents: ['d-1'], description: 'De otro organismo' });
    expect(theirs.status).toBe(202);
    const { sagaId } = (await theirs.json()) as { sagaId: string };
    await waitFor(async () => (await json(await as(eva, 'GET', `/api/sagas/${sagaId}`))).status === 'completed' || undefined, 'SAME-1 of the other organism');
    expect(await json(await h.call('GET', '/api/files/SAME-1/availability'))).toEqual({ code: 'SAME-1', available: true });
    expect((await h.call('GET', '/api/files/SAME-1/record')).status).toBe(404);
    await createAndWait(h, { code: 'SAME-1', initialOption: 'SEDE', documents: ['d-2'], description: 'Propio' });

    // Each member reaches their own; this organism's codes stay unique ignoring case.
    expect(await json(await h.call('GET', '/api/files/SAME-1/record'))).toMatchObject({ organism: TEST_ORGANISM, description: 'Propio' });
    expect(await json(await as(eva, 'GET', '/api/files/SAME-1/record'))).toMatchObject({ organism: OTHER, description: 'De otro organismo' });
    expect(await json(await h.call('GET', '/api/files/same-1/availability'))).toEqual({ code: 'same-1', available: false });
    expect((await h.call('POST', '/api/files', { body: { code: 'same-1', initialOption: 'SEDE', documents: ['d-3'] } })).status).toBe(409);

    // A member of both names which one; editing one leaves the other as it was.
    const ambiguous = await as(dual, 'GET', '/api/files/SAME-1/record');
    expect(ambiguous.status).toBe(409);
    expect(await json(ambiguous)).toMatchObject({ code: 'file-code-ambiguous', organisms: [OTHER, TEST_ORGANISM] });
    expect(await json(await as(dual, 'GET', `/api/files/SAME-1/record?organism=${OTHER}`))).toMatchObject({ organism: OTHER });
    const edited = await as(dual, 'PATCH', `/api/files/SAME-1?organism=${TEST_ORGANISM}`, { description: 'Editado', expectedVersion: 1 });
    expect(edited.status).toBe(200);
    expect(await json(await as(eva, 'GET', '/api/files/SAME-1/record'))).toMatchObject({ description: 'De otro organismo', version: 1 });
    // consulta in the other organism: may read its SAME-1, not edit it.
    expect((await as(dual, 'PATCH', `/api/files/SAME-1?organism=${OTHER}`, { description: 'x', expectedVersion: 1 })).status).toBe(403);
  });

  it("gives a new expediente its responsible unit: the one named among the creator's units there, or their only one", async () => {
    const urbanist: TestUser = { username: 'urbano', memberships: [{ organism: TEST_ORGANISM, roles: ['tramitador'], units: ['LA0012345', 'LA0054321'] }] };
    const single: TestUser = { username: 'solo', memberships: [{ organism: TEST_ORGANISM, roles: ['tramitador'], units: ['LA0012345'] }] };
    const named = await as(urbanist, 'POST', '/api/files', { code: 'UNIT-1', unit: 'LA0054321', initialOption: 'SEDE', documents: ['d-1'] });
    expect(named.status).toBe(202);
    const { sagaId } = (await named.json()) as { sagaId: string };
    await waitFor(async () => (await json(await h.call('GET', `/api/sagas/${sagaId}`))).status === 'completed' || undefined, 'UNIT-1');
    expect(await json(await h.call('GET', '/api/files/UNIT-1/record'))).toMatchObject({ organism: TEST_ORGANISM, unit: 'LA0054321' });

    const refused = await as(single, 'POST', '/api/files', { code: 'UNIT-2', unit: 'LA0054321', initialOption: 'SEDE', documents: ['d-1'] });
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({ code: 'unit-not-yours' });
    const implied = await as(single, 'POST', '/api/files', { code: 'UNIT-3', initialOption: 'SEDE', documents: ['d-1'] });
    const started = (await implied.json()) as { sagaId: string };
    await waitFor(async () => (await json(await h.call('GET', `/api/sagas/${started.sagaId}`))).status === 'completed' || undefined, 'UNIT-3');
    expect((await json(await h.call('GET', '/api/files/UNIT-3/record'))).unit).toBe('LA0012345');
    expect((await json(await h.call('GET', '/api/files/SAME-1/record'))).unit).toBeNull();
  });
});
