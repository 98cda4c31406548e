import { sql, type Kysely } from 'kysely';
import type { AuthDatabase } from './database.ts';

/**
 * Returns the secret stored under `name`, creating it with `create` the first time. Safe when
 * several replicas start together: the first insert wins and everyone reads that one.
 */
export async function loadOrCreateSecret<T>(db: Kysely<AuthDatabase>, name: string, create: () => Promise<T> | T): Promise<T> {
  const existing = await readSecret<T>(db, name);
  if (existing !== undefined) return existing;
  const value = await create();
  await db
    .insertInto('auth_secrets')
    .values({ name, value: sql`${JSON.stringify(value)}::jsonb` })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await readSecret<T>(db, name);
  if (stored === undefined) throw new Error(`secret ${name} could not be stored`);
  return stored;
}

async function readSecret<T>(db: Kysely<AuthDatabase>, name: string): Promise<T | undefined> {
  const row = await db.selectFrom('auth_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  // jsonb arrives parsed (pg and PGlite both decode it).
  return row.value as T;
}
