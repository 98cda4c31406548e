import { sql, type Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { SqlExecutor } from '@tramita/messaging';
import type { AuthDatabase } from './database.ts';

/** Models whose rows hang off a grant (revoked together when the grant is). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

/**
 * oidc-provider's storage in the `oidc_payloads` table: one row per model instance, with the
 * lookup columns the provider needs (grant, user code, session uid) pulled out of the payload.
 */
export class PostgresOidcAdapter implements Adapter {
  readonly #db: Kysely<AuthDatabase>;
  readonly #type: string;

  constructor(db: Kysely<AuthDatabase>, type: string) {
    this.#db = db;
    this.#type = type;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
    const row = {
      payload: sql<unknown>`${JSON.stringify(payload)}::jsonb`,
      grant_id: GRANTABLE.has(this.#type) ? (payload.grantId ?? null) : null,
      user_code: payload.userCode ?? null,
      uid: this.#type === 'Session' ? (payload.uid ?? null) : null,
      expires_at: expiresAt,
    };
    await this.#db
      .insertInto('oidc_payloads')
      .values({ id, type: this.#type, ...row })
      .onConflict((oc) => oc.columns(['type', 'id']).doUpdateSet({ ...row, consumed_at: null }))
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere(sql`id = ${id}`);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere(sql`uid = ${uid}`);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere(sql`user_code = ${userCode}`);
  }

  async consume(id: string): Promise<void> {
    await this.#db.updateTable('oidc_payloads').set({ consumed_at: new Date() }).where('type', '=', this.#type).where('id', '=', id).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('type', '=', this.#type).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('type', '=', this.#type).where('grant_id', '=', grantId).execute();
  }

  async #findWhere(condition: ReturnType<typeof sql>): Promise<AdapterPayload | undefined> {
    const result = await sql<{ payload: AdapterPayload; consumed_at: Date | null }>`
      select payload, consumed_at from oidc_payloads
      where type = ${this.#type} and ${condition} and (expires_at is null or expires_at > now())
      limit 1`.execute(this.#db);
    const row = result.rows[0];
    if (!row) return undefined;
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as AdapterPayload) : row.payload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : payload;
  }
}

/** Deletes rows that expired more than a grace period ago (called periodically). */
export async function sweepExpiredOidcPayloads(db: Kysely<AuthDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('oidc_payloads')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What makes up a person's sign-in with the provider: deleting them ends it everywhere. */
const SIGN_IN_MODELS = ['Session', 'Grant', 'RefreshToken', 'AuthorizationCode', 'Interaction'];

/**
 * Ends every session of `username` at the provider (sessions, grants, refresh tokens, pending
 * codes), in the caller's transaction: the next refresh or silent login fails and they must log
 * in again.
 */
export async function endSignInsOf(db: SqlExecutor, username: string): Promise<void> {
  await sql`delete from oidc_payloads where type in (${sql.join(SIGN_IN_MODELS)}) and payload->>'accountId' = ${username}`.execute(db);
}
