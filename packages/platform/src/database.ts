import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';

/** Where a service keeps its data: an embedded PGlite directory, memory, or a PostgreSQL server. */
export type DatabaseLocation = { kind: 'pglite'; dataDir: string } | { kind: 'memory' } | { kind: 'postgres'; url: string; poolSize?: number };

export interface Database<DB> {
  db: Kysely<DB>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A pooled connection the server ended (restart, failover); the pool opens a new one when needed. */
  onConnectionError?: (error: Error) => void;
}

/**
 * A pool that survives the server ending its connections. A client whose connection the server
 * ends (a PostgreSQL restart) emits 'error', checked out (a transaction waiting on something
 * else) or idle (the pool re-emits it): without listeners that would crash the whole service.
 * The pool drops the broken client and opens a new one; a query or transaction on it fails and
 * its caller retries or reports.
 */
export function postgresPool(url: string, size: number, onConnectionError: (error: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: size });
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => {}); // an idle client's error, already reported by the client's own listener
  return pool;
}

/** Opens the service's database; callers run migrations next (see `migrate`). */
export async function openDatabase<DB>(location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<Database<DB>> {
  if (location.kind === 'postgres') {
    const pool = postgresPool(location.url, location.poolSize ?? 10, options.onConnectionError);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, close: () => db.destroy() };
  }
  if (location.kind === 'pglite') await mkdir(location.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(location.kind === 'pglite' ? { dataDir: location.dataDir } : {}),
    extensions: { pg_trgm, unaccent },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
