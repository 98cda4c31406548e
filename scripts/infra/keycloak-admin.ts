import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * Keycloak's admin REST API, as far as provisioning Tramita's realm needs it (ADR 0020): people
 * with a generated password they must change at their first login, in the groups that state
 * their organisms and roles, and the tramita-services client's secret. Used by
 * scripts/infra/keycloak-users.ts and by the integration tests against scripts/infra/keycloak.sh.
 */

export const TRAMITA_REALM = 'tramita';

export interface KeycloakAdminOptions {
  /** Keycloak's base URL, e.g. http://127.0.0.1:18080. */
  url: string;
  /** A user of the master realm allowed to administer realms. */
  username: string;
  password: string;
  realm?: string;
}

export interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  email?: string;
  /** Full group paths: `/tramita/<organism>/<role>`, `/tramita/<organism>/units/<unit>`. */
  groups: string[];
  /** The first password; with `temporary` (the default) it must be changed at the first login. */
  password: string;
  temporary?: boolean;
}

/** A password nobody chose: 24 URL-safe characters from 18 random bytes. */
export const generatedPassword = (): string => randomBytes(18).toString('base64url');

/** Reads the credentials `scripts/infra/keycloak.sh` keeps (KEYCLOAK_URL, KEYCLOAK_ADMIN_USER, KEYCLOAK_ADMIN_PASSWORD_FILE). */
export async function adminOptionsFromEnv(env: Record<string, string | undefined>): Promise<KeycloakAdminOptions | undefined> {
  const { KEYCLOAK_URL: url, KEYCLOAK_ADMIN_PASSWORD_FILE: file } = env;
  if (!url || !file) return undefined;
  return { url: url.replace(/\/$/, ''), username: env.KEYCLOAK_ADMIN_USER ?? 'tramita-admin', password: (await readFile(file, 'utf8')).trim() };
}

export class KeycloakAdmin {
  readonly realm: string;
  readonly #options: KeycloakAdminOptions;
  #token: { value: string; until: number } | undefined;

  constructor(options: KeycloakAdminOptions) {
    this.#options = { ...options, url: options.url.replace(/\/$/, '') };
    this.realm = options.realm ?? TRAMITA_REALM;
  }

  /** The realm's issuer as its tokens name it. */
  get issuer(): string {
    return `${this.#options.url}/realms/${this.realm}`;
  }

  async #accessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.until) return this.#token.value;
    const response = await fetch(`${this.#options.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: this.#options.username,
        password: this.#options.password,
      }).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !body.access_token) throw new Error(`Keycloak refused the administrator's credentials (${body.error ?? `HTTP ${response.status}`}).`);
    // Master realm tokens live a minute: take a new one well before.
    this.#token = { value: body.access_token, until: Date.now() + Math.max(5, (body.expires_in ?? 60) - 15) * 1000 };
    return body.access_token;
  }

  /** `method /admin/realms/<realm><path>`; throws with the status and Keycloak's message unless 2xx. */
  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.#options.url}/admin/realms/${this.realm}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.#accessToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`Keycloak answered ${method} ${path} with HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return response;
  }

  async #json<T>(path: string): Promise<T> {
    return (await (await this.request('GET', path)).json()) as T;
  }

  /** The group at a full path, created with its parents when missing; its id. */
  async ensureGroup(path: string): Promise<string> {
    const names = path.split('/').filter((name) => name !== '');
    if (names.length === 0) throw new Error(`"${path}" is not a group path.`);
    let id: string | undefined;
    for (let depth = 0; depth < names.length; depth++) {
      const wanted = `/${names.slice(0, depth + 1).join('/')}`;
      const found = await this.request('GET', `/group-by-path${wanted.split('/').map(encodeURIComponent).join('/')}`).then(
        async (response) => ((await response.json()) as { id: string }).id,
        () => undefined,
      );
      if (found) {
        id = found;
      } else {
        const created = await this.request('POST', id ? `/groups/${id}/children` : '/groups', { name: names[depth] });
        id = idFromLocation(created) ?? (await this.#json<{ id: string }>(`/group-by-path${wanted}`)).id;
      }
      await this.#mapRoleOfGroup(wanted, id);
    }
    return id!;
  }

  /** A `/tramita/<organism>/<role>` group grants the realm role of that name, so `roles` stays the union of the memberships. */
  async #mapRoleOfGroup(path: string, groupId: string): Promise<void> {
    const role = /^\/tramita\/[^/]+\/([^/]+)$/.exec(path)?.[1];
    if (!role || role === 'units') return;
    const found = await this.request('GET', `/roles/${encodeURIComponent(role)}`).then(
      async (response) => (await response.json()) as { id: string; name: string },
      () => undefined,
    );
    if (found) await this.request('POST', `/groups/${groupId}/role-mappings/realm`, [{ id: found.id, name: found.name }]);
  }

  /** Creates a person in the groups (created when missing); their id. */
  async createUser(user: NewUser): Promise<string> {
    for (const group of user.groups) await this.ensureGroup(group);
    const temporary = user.temporary ?? true;
    const created = await this.request('POST', '/users', {
      username: user.username,
      enabled: true,
      firstName: user.firstName,
      lastName: user.lastName,
      ...(user.email ? { email: user.email, emailVerified: true } : {}),
      groups: user.groups,
      credentials: [{ type: 'password', value: user.password, temporary }],
      requiredActions: temporary ? ['UPDATE_PASSWORD'] : [],
    });
    const id = idFromLocation(created);
    if (!id) throw new Error(`Keycloak created ${user.username} without saying where.`);
    return id;
  }

  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', `/users/${encodeURIComponent(id)}`);
  }

  /** The id of the user with exactly this username, if any. */
  async userId(username: string): Promise<string | undefined> {
    const [user] = await this.#json<{ id: string }[]>(`/users?exact=true&username=${encodeURIComponent(username)}`);
    return user?.id;
  }

  async #clientId(clientId: string): Promise<string> {
    const [client] = await this.#json<{ id: string }[]>(`/clients?clientId=${encodeURIComponent(clientId)}`);
    if (!client) throw new Error(`The realm ${this.realm} has no client ${clientId}.`);
    return client.id;
  }

  /** The confidential client's current secret (Keycloak generates it when the realm is imported). */
  async clientSecret(clientId: string): Promise<string> {
    return (await this.#json<{ value: string }>(`/clients/${await this.#clientId(clientId)}/client-secret`)).value;
  }

  /** A new secret for the confidential client; the old one stops working. */
  async regenerateClientSecret(clientId: string): Promise<string> {
    const response = await this.request('POST', `/clients/${await this.#clientId(clientId)}/client-secret`);
    return ((await response.json()) as { value: string }).value;
  }
}

const idFromLocation = (response: Response): string | undefined => response.headers.get('location')?.split('/').pop() || undefined;
