import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InjectOptions } from 'fastify';
import { decodeJwt } from 'jose';
import { authEventChannel, USER_UPDATED_AT_CLAIM, type UserAccessChanged } from '@tramita/contracts';
import { TokenRevocationList } from '@tramita/platform';
import { TEST_ORGANISM, testUsers, type TestUser } from '@tramita/platform/testing';
import { loginWithPkce } from '../../../e2e/support/oidc-login.ts';
import { INITIAL_PASSWORD, startAuth, type AuthUnderTest } from './support.ts';

const TOWN = 'L01280796';
const AGENCY = 'A01002820';
const platformAdmin: TestUser = { username: 'root', memberships: [{ organism: TEST_ORGANISM, roles: ['admin', 'platform-admin'] }] };
const townAdmin: TestUser = { username: 'alcaldia', memberships: [{ organism: TOWN, roles: ['admin'] }] };
const agencyAdmin: TestUser = { username: 'agencia', memberships: [{ organism: AGENCY, roles: ['admin'] }] };

let auth: AuthUnderTest;
beforeAll(async () => {
  auth = await startAuth();
});
afterAll(async () => auth?.running.stop());

async function as(user: TestUser, method: InjectOptions['method'], url: string, payload?: Record<string, unknown>) {
  const response = await auth.running.app.inject({ method, url, headers: await auth.testIssuer.headers(user), ...(payload !== undefined ? { payload } : {}) });
  return { status: response.statusCode, body: response.body ? response.json<Record<string, any>>() : undefined };
}

describe('organisms, units and memberships (ADR 0013)', () => {
  it('lets the platform administrator add organisms, and no one else', async () => {
    expect((await as(platformAdmin, 'POST', '/api/organisms', { code: TOWN, name: 'Ayuntamiento de Prueba' })).status).toBe(201);
    expect((await as(platformAdmin, 'POST', '/api/organisms', { code: AGENCY, name: 'Agencia de Prueba' })).status).toBe(201);
    expect((await as(platformAdmin, 'POST', '/api/organisms', { code: TOWN, name: 'Otra vez' })).body).toMatchObject({ code: 'organism-exists' });
    const invalid = await as(platformAdmin, 'POST', '/api/organisms', { code: '123', name: 'Mal' });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'invalid-dir3-code' } });
    expect((await as(testUsers.admin, 'POST', '/api/organisms', { code: 'E99999999', name: 'No' })).status).toBe(403);
    expect((await as(platformAdmin, 'GET', '/api/organisms')).body!.items.map((o: { code: string }) => o.code)).toEqual([AGENCY, TEST_ORGANISM, TOWN]);
  });

  it("gives a member their stored memberships in the access token, and refuses an organism's administrator every other organism", async () => {
    await as(platformAdmin, 'POST', '/api/organisms', { code: TOWN, name: 'Ayuntamiento de Prueba' });
    // The platform's administrators create the account and make it the town's administrator.
    expect(
      (
        await as(testUsers.admin, 'POST', '/api/users', {
          username: 'alcaldia',
          givenName: 'Ana',
          familyName: 'Alcalde',
          roles: ['consulta'],
          password: INITIAL_PASSWORD,
        })
      ).status,
    ).toBe(201);
    expect((await as(platformAdmin, 'PUT', `/api/organisms/${TOWN}/members/alcaldia`, { roles: ['admin'], units: [] })).status).toBe(200);
    // The town's administrator adds a unit and a case worker of it.
    expect((await as(townAdmin, 'POST', `/api/organisms/${TOWN}/units`, { code: 'LA0012345', name: 'Urbanismo' })).status).toBe(201);
    expect(
      (
        await as(testUsers.admin, 'POST', '/api/users', {
          username: 'urbano',
          givenName: 'Ulises',
          familyName: 'Urbano',
          roles: ['consulta'],
          password: INITIAL_PASSWORD,
        })
      ).status,
    ).toBe(201);
    const set = await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/urbano`, { roles: ['tramitador'], units: ['LA0012345'] });
    expect(set).toMatchObject({ status: 200, body: { username: 'urbano', roles: ['tramitador'], units: ['LA0012345'] } });
    expect((await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/urbano`, { roles: ['tramitador'], units: ['LA9999999'] })).body).toMatchObject({
      code: 'unknown-unit',
    });
    expect((await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/urbano`, { roles: ['platform-admin'], units: [] })).status).toBe(400);

    const token = decodeJwt(
      (await loginWithPkce({ baseUrl: auth.baseUrl, username: 'urbano', password: INITIAL_PASSWORD, redirectUri: auth.redirectUri })).accessToken,
    );
    expect(token.memberships).toEqual([
      { organism: TEST_ORGANISM, roles: ['consulta'], units: [] },
      { organism: TOWN, roles: ['tramitador'], units: ['LA0012345'] },
    ]);
    expect(token.roles).toEqual(['consulta', 'tramitador']);

    // Another organism's administrator learns nothing of the town: 404 as for a missing one.
    await as(platformAdmin, 'POST', '/api/organisms', { code: AGENCY, name: 'Agencia de Prueba' });
    for (const [method, url, body] of [
      ['GET', `/api/organisms/${TOWN}/members`, undefined],
      ['GET', `/api/organisms/${TOWN}/units`, undefined],
      ['PUT', `/api/organisms/${TOWN}/members/urbano`, { roles: ['admin'], units: [] }],
      ['DELETE', `/api/organisms/${TOWN}/members/urbano`, undefined],
      ['POST', `/api/organisms/${TOWN}/units`, { code: 'LA0054321', name: 'Intrusa' }],
    ] as const) {
      const answer = await as(agencyAdmin, method, url, body);
      expect(answer, `${method} ${url}`).toMatchObject({ status: 404, body: { code: 'organism-not-found' } });
    }
    expect((await as(agencyAdmin, 'GET', '/api/organisms')).body!.items.map((o: { code: string }) => o.code)).toEqual([AGENCY]);
    // …nor manages accounts: that is the platform's organism's administrators' work.
    expect((await as(townAdmin, 'GET', '/api/users')).status).toBe(403);
    expect((await as(townAdmin, 'PATCH', '/api/users/admin', { enabled: false })).status).toBe(403);
  });

  it('never leaves an organism without an administrator, and takes a member out', async () => {
    const last = await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/alcaldia`, { roles: ['consulta'], units: [] });
    expect(last).toMatchObject({ status: 409, body: { code: 'last-organism-administrator' } });
    expect((await as(townAdmin, 'DELETE', `/api/organisms/${TOWN}/members/alcaldia`)).status).toBe(409);
    expect((await as(townAdmin, 'DELETE', `/api/organisms/${TOWN}/members/urbano`)).status).toBe(204);
    expect((await as(townAdmin, 'GET', `/api/organisms/${TOWN}/members`)).body!.items.map((m: { username: string }) => m.username)).toEqual(['alcaldia']);
    const token = decodeJwt(
      (await loginWithPkce({ baseUrl: auth.baseUrl, username: 'urbano', password: INITIAL_PASSWORD, redirectUri: auth.redirectUri })).accessToken,
    );
    expect(token.memberships).toEqual([{ organism: TEST_ORGANISM, roles: ['consulta'], units: [] }]);
  });

  it('leaves out of tokens the memberships of an organism the platform administrator turned off', async () => {
    await as(testUsers.admin, 'POST', '/api/users', {
      username: 'agente',
      givenName: 'Alba',
      familyName: 'Agente',
      roles: ['consulta'],
      password: INITIAL_PASSWORD,
    });
    expect((await as(agencyAdmin, 'PUT', `/api/organisms/${AGENCY}/members/agente`, { roles: ['tecnico'], units: [] })).status).toBe(200);
    expect((await as(platformAdmin, 'PATCH', `/api/organisms/${AGENCY}`, { active: false })).body).toMatchObject({ active: false });
    const token = decodeJwt(
      (await loginWithPkce({ baseUrl: auth.baseUrl, username: 'agente', password: INITIAL_PASSWORD, redirectUri: auth.redirectUri })).accessToken,
    );
    expect(token.memberships).toEqual([{ organism: TEST_ORGANISM, roles: ['consulta'], units: [] }]);
    expect((await as(platformAdmin, 'PATCH', `/api/organisms/${TEST_ORGANISM}`, { active: false })).body).toMatchObject({ code: 'default-organism' });
  });

  it('records logins, refused logins and every change to organisms and members in the audit trail, never a password', async () => {
    const refused = await loginWithPkce({
      baseUrl: auth.baseUrl,
      username: 'urbano',
      password: 'not-the-password-at-all',
      redirectUri: auth.redirectUri,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    const trail = await as(platformAdmin, 'GET', '/api/admin/auth/audit?limit=1000');
    expect(trail.status).toBe(200);
    const entries = trail.body!.items as {
      action: string;
      outcome: string;
      actor: { username?: string; system?: string };
      organism: string | null;
      details: Record<string, unknown>;
    }[];
    const seen = entries.map((entry) => `${entry.action}:${entry.outcome}:${entry.actor.username ?? entry.actor.system}`);
    expect(seen).toContain('organism.create:success:root');
    expect(seen).toContain('member.set:success:alcaldia');
    expect(seen).toContain('auth.login:success:urbano');
    expect(seen).toContain('auth.login:failed:auth.login-form');
    expect(entries.find((entry) => entry.action === 'auth.login' && entry.outcome === 'failed')?.details).toEqual({ username: 'urbano' });
    expect(JSON.stringify(entries)).not.toContain('not-the-password-at-all');
    expect(JSON.stringify(entries)).not.toContain(INITIAL_PASSWORD);
    // The town's administrator reads the town's entries only.
    const town = (await as(townAdmin, 'GET', '/api/admin/auth/audit?limit=1000')).body!.items as { organism: string }[];
    expect(town.length).toBeGreaterThan(0);
    expect(town.every((entry) => entry.organism === TOWN)).toBe(true);
  });
  it("refuses a member's earlier access tokens once their membership changes, and shows every membership on their account", async () => {
    const changes: UserAccessChanged[] = [];
    await auth.ctx.transport.subscribe({
      group: 'test-revocations',
      topics: [authEventChannel.topic],
      handle: async (message) => void (message.envelope.type === 'UserAccessChanged' && changes.push(message.envelope.data as UserAccessChanged)),
      deadLetter: async () => undefined,
    });
    await as(testUsers.admin, 'POST', '/api/users', {
      username: 'vecino',
      givenName: 'Vera',
      familyName: 'Vecina',
      roles: ['consulta'],
      password: INITIAL_PASSWORD,
    });
    expect((await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/vecino`, { roles: ['tramitador'], units: [] })).status).toBe(200);
    const login = async () =>
      decodeJwt((await loginWithPkce({ baseUrl: auth.baseUrl, username: 'vecino', password: INITIAL_PASSWORD, redirectUri: auth.redirectUri })).accessToken);
    const before = await login();
    const factsOf = (token: typeof before) => ({ subject: 'vecino', jti: undefined, issuedAtMs: token[USER_UPDATED_AT_CLAIM] as number });

    expect((await as(townAdmin, 'PUT', `/api/organisms/${TOWN}/members/vecino`, { roles: ['consulta'], units: [] })).status).toBe(200);
    // What every service's revocation list learns from auth.events.
    const refused = new TokenRevocationList();
    await vi.waitFor(() => expect(changes.filter((change) => change.username === 'vecino').length).toBeGreaterThan(0));
    for (const change of changes) refused.revokeSubjectBefore(change.username, Date.parse(change.notBefore));
    expect(refused.isRevoked(factsOf(before))).toBe(true);
    const after = await login();
    expect(refused.isRevoked(factsOf(after))).toBe(false);
    expect(after.memberships).toEqual([
      { organism: TEST_ORGANISM, roles: ['consulta'], units: [] },
      { organism: TOWN, roles: ['consulta'], units: [] },
    ]);

    const expected = [
      { organism: TEST_ORGANISM, roles: ['consulta'], units: [] },
      { organism: TOWN, roles: ['consulta'], units: [] },
    ];
    expect((await as(testUsers.admin, 'GET', '/api/users/vecino')).body).toMatchObject({ roles: ['consulta'], memberships: expected });
    const listed = (await as(testUsers.admin, 'GET', '/api/users')).body!.users as { username: string; memberships: unknown }[];
    expect(listed.find((user) => user.username === 'vecino')?.memberships).toEqual(expected);
    expect(listed.find((user) => user.username === 'alcaldia')?.memberships).toEqual([
      { organism: TEST_ORGANISM, roles: ['consulta'], units: [] },
      { organism: TOWN, roles: ['admin'], units: [] },
    ]);
  });

  it("lets an organism's administrator create its people's accounts and manage them, and turning the organism off refuses its members' tokens at once", async () => {
    const changes: UserAccessChanged[] = [];
    await auth.ctx.transport.subscribe({
      group: 'test-account-revocations',
      topics: [authEventChannel.topic],
      handle: async (message) => void (message.envelope.type === 'UserAccessChanged' && changes.push(message.envelope.data as UserAccessChanged)),
      deadLetter: async () => undefined,
    });
    const body = {
      username: 'Vecina',
      givenName: 'Valeria',
      familyName: 'Vecina Sanz',
      password: INITIAL_PASSWORD,
      roles: ['tramitador'],
      units: ['LA0012345'],
    };
    const created = await as(townAdmin, 'POST', `/api/organisms/${TOWN}/accounts`, body);
    expect(created).toMatchObject({
      status: 201,
      body: { username: 'vecina', displayName: 'Vecina Sanz, Valeria', roles: ['tramitador'], units: ['LA0012345'], enabled: true, accountManaged: true },
    });
    expect((await as(townAdmin, 'POST', `/api/organisms/${TOWN}/accounts`, body)).body).toMatchObject({ status: 409, code: 'username-taken' });
    expect((await as(townAdmin, 'POST', `/api/organisms/${TOWN}/accounts`, { ...body, username: 'debil', password: 'corta' })).body).toMatchObject({
      code: 'weak-password',
    });
    // Another organism's administrator learns nothing of the town's accounts.
    expect((await as(agencyAdmin, 'POST', `/api/organisms/${TOWN}/accounts`, { ...body, username: 'intrusa' })).body).toMatchObject({
      code: 'organism-not-found',
    });
    expect((await as(agencyAdmin, 'PATCH', `/api/organisms/${TOWN}/accounts/vecina`, { enabled: false })).body).toMatchObject({ code: 'organism-not-found' });

    // The new person logs in: their token names the town alone.
    const token = decodeJwt(
      (await loginWithPkce({ baseUrl: auth.baseUrl, username: 'vecina', password: INITIAL_PASSWORD, redirectUri: auth.redirectUri })).accessToken,
    );
    expect(token.memberships).toEqual([{ organism: TOWN, roles: ['tramitador'], units: ['LA0012345'] }]);
    expect(token.roles).toEqual(['tramitador']);
    const listed = (await as(testUsers.admin, 'GET', '/api/users')).body!.users as { username: string; roles: string[]; memberships: unknown }[];
    expect(listed.find((user) => user.username === 'vecina')).toMatchObject({ roles: [], memberships: [{ organism: TOWN, roles: ['tramitador'] }] });
    expect((await as(townAdmin, 'GET', '/api/users/lookup?usernames=vecina')).body).toEqual({
      users: [{ username: 'vecina', givenName: 'Valeria', familyName: 'Vecina Sanz', displayName: 'Vecina Sanz, Valeria' }],
    });

    // An account with a role in the platform's organism is not the town's: the same 404 as a missing one.
    for (const username of ['urbano', 'nadie']) {
      expect((await as(townAdmin, 'PATCH', `/api/organisms/${TOWN}/accounts/${username}`, { enabled: false })).body, username).toMatchObject({
        status: 404,
        code: 'account-not-found',
      });
    }
    const reset = await as(townAdmin, 'PATCH', `/api/organisms/${TOWN}/accounts/vecina`, { password: 'tejado-rojo-y-nube-azul' });
    expect(reset).toMatchObject({ status: 200, body: { enabled: true } });
    const disabled = await as(townAdmin, 'PATCH', `/api/organisms/${TOWN}/accounts/vecina`, { enabled: false });
    expect(disabled).toMatchObject({ status: 200, body: { username: 'vecina', enabled: false } });
    await vi.waitFor(() =>
      expect(changes.filter((change) => change.username === 'vecina').map((change) => change.reason)).toEqual(['password-changed', 'disabled']),
    );
    const refused = await loginWithPkce({
      baseUrl: auth.baseUrl,
      username: 'vecina',
      password: 'tejado-rojo-y-nube-azul',
      redirectUri: auth.redirectUri,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);

    const trail = (await as(townAdmin, 'GET', '/api/admin/auth/audit?limit=1000')).body!.items as { action: string; organism: string; details: object }[];
    expect(trail.find((entry) => entry.action === 'account.create')).toMatchObject({ organism: TOWN, details: { username: 'vecina', roles: ['tramitador'] } });
    expect(trail.filter((entry) => entry.action === 'account.update').map((entry) => entry.details)).toEqual(
      expect.arrayContaining([
        { username: 'vecina', changed: ['credential'] },
        { username: 'vecina', changed: ['enabled'] },
      ]),
    );
    expect(JSON.stringify(trail)).not.toContain('tejado-rojo-y-nube-azul');

    // Turning the town off refuses at once the tokens of each of its members.
    const before = changes.length;
    expect((await as(platformAdmin, 'PATCH', `/api/organisms/${TOWN}`, { active: false })).status).toBe(200);
    const members = ((await as(platformAdmin, 'GET', `/api/organisms/${TOWN}/members`)).body!.items as { username: string }[]).map((member) => member.username);
    expect(members.length).toBeGreaterThan(2);
    await vi.waitFor(() => expect(changes.slice(before).map((change) => change.username)).toEqual(members));
    expect(changes.slice(before).every((change) => change.reason === 'roles-changed')).toBe(true);
    expect((await as(platformAdmin, 'PATCH', `/api/organisms/${TOWN}`, { active: true })).status).toBe(200);
  });
});
