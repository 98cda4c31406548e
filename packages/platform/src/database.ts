import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect, PGliteSession, quoteIdentifier } from './pglite-dialect.ts';

/**
 * Where a service keeps its data: an embedded PGlite directory (its own, or with `schema` one
 * shared by the services of an all-in-one process, each in a schema of its own), memory, or a
 * PostgreSQL server.
 */
export type DatabaseLocation = { kind: 'pglite'; dataDir: string; schema?: string } | { kind: 'memory' } | { kind: 'postgres'; url: string; poolSize?: number };

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

/**
 * Where a service of the all-in-one process keeps its data under the launcher's data directory:
 * its schema of the one embedded database in `<dataDir>/db`, or, for data written by a release
 * that gave each service a database of its own (`<dataDir>/<service>/db`), that database still,
 * so an upgrade finds everything where it left it.
 */
export function allInOneDatabase(dataDir: string, service: string): DatabaseLocation & { kind: 'pglite' } {
  const ownDatabase = join(dataDir, service, 'db');
  if (existsSync(join(ownDatabase, 'PG_VERSION'))) return { kind: 'pglite', dataDir: ownDatabase };
  return { kind: 'pglite', dataDir: join(dataDir, 'db'), schema: service };
}

/** Opens the service's database; callers run migrations next (see `migrate`). */
export async function openDatabase<DB>(location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<Database<DB>> {
  if (location.kind === 'postgres') {
    const pool = postgresPool(location.url, location.poolSize ?? 10, options.onConnectionError);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, close: () => db.destroy() };
  }
  if (location.kind === 'pglite' && location.schema !== undefined) return openSharedPglite<DB>(location.dataDir, location.schema);
  const pglite = await createPglite(location.kind === 'pglite' ? location.dataDir : undefined);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  return PGlite.create({ ...(dataDir !== undefined ? { dataDir } : {}), extensions: { pg_trgm, unaccent } });
}

/** The embedded databases this process holds open for several services, by data directory. */
const sharedPglites = new Map<string, { session: Promise<PGliteSession>; users: number }>();

/**
 * A schema of the embedded database in `dataDir`, which the services of this process share: one
 * database engine for all of them instead of one each (its memory is most of an all-in-one
 * process's). Each service still owns its schema and its migrations, and no query of one reaches
 * another's tables: every turn on the connection runs with `search_path` set to the caller's schema.
 */
async function openSharedPglite<DB>(dataDir: string, schema: string): Promise<Database<DB>> {
  const key = resolve(dataDir);
  let entry = sharedPglites.get(key);
  if (!entry) {
    entry = {
      session: createPglite(key).then(async (pglite) => {
        // Extensions live in public, on every schema's search path, installed once for all.
        await pglite.exec('create extension if not exists unaccent schema public; create extension if not exists pg_trgm schema public;');
        return new PGliteSession(pglite);
      }),
      users: 0,
    };
    sharedPglites.set(key, entry);
  }
  entry.users += 1;
  const shared = entry;
  let session: PGliteSession;
  try {
    session = await shared.session;
    const release = await session.take(undefined);
    try {
      await session.pglite.exec(`create schema if not exists ${quoteIdentifier(schema)}`);
    } finally {
      release();
    }
  } catch (error) {
    await leave(key, shared);
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(session, schema) });
  let closed = false;
  return {
    db,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await leave(key, shared);
    },
  };
}

async function leave(key: string, entry: { session: Promise<PGliteSession>; users: number }): Promise<void> {
  entry.users -= 1;
  if (entry.users > 0) return;
  if (sharedPglites.get(key) === entry) sharedPglites.delete(key);
  const session = await entry.session.catch(() => undefined);
  if (!session) return;
  await session.idle();
  await session.pglite.close();
}
