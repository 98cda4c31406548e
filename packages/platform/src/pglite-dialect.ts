import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * The single connection of one embedded PGlite instance, handed out to one user at a time: a
 * transaction holds it until commit or rollback, and every other query waits its turn instead of
 * interleaving with the transaction. Several dialects may share one session (all-in-one: one
 * embedded database, a schema per service); each turn then starts by pointing `search_path` at
 * the schema of the service whose turn it is.
 */
export class PGliteSession {
  readonly pglite: PGlite;
  #queue: Promise<void> = Promise.resolve();
  #searchPath: string | undefined;

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }

  /** Waits for the connection; the caller must call the returned release exactly once. */
  async take(schema: string | undefined): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => turn);
    await previous;
    if (schema !== undefined && this.#searchPath !== schema) {
      try {
        // Outside any transaction, so no rollback can undo it.
        await this.pglite.exec(`set search_path to ${quoteIdentifier(schema)}, public`);
        this.#searchPath = schema;
      } catch (error) {
        release();
        throw error;
      }
    }
    return release;
  }

  /** Resolves once every turn handed out so far has been released. */
  async idle(): Promise<void> {
    await this.#queue;
  }
}

/** A PostgreSQL identifier quoted (a schema named after a service, `index` among them). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Kysely over an embedded PGlite session, in the schema `schema` when given (else `public`). */
export class PGliteDialect implements Dialect {
  readonly #session: PGliteSession;
  readonly #schema: string | undefined;

  constructor(pglite: PGlite | PGliteSession, schema?: string) {
    this.#session = pglite instanceof PGliteSession ? pglite : new PGliteSession(pglite);
    this.#schema = schema;
  }

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#session, this.#schema);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #session: PGliteSession;
  readonly #schema: string | undefined;
  readonly #connection: PGliteConnection;

  constructor(session: PGliteSession, schema: string | undefined) {
    this.#session = session;
    this.#schema = schema;
    this.#connection = new PGliteConnection(session.pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#connection.release = await this.#session.take(this.#schema);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).release();
  }

  async destroy(): Promise<void> {
    await this.#session.idle();
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  release: () => void = () => {};

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, use the simple protocol: it accepts several statements (migrations).
    const result =
      compiledQuery.parameters.length === 0
        ? ((await this.#pglite.exec(compiledQuery.sql)).at(-1) ?? { rows: [], affectedRows: undefined, fields: [] })
        : await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const affected = result.affectedRows;
    return affected === undefined ? { rows: result.rows as R[] } : { rows: result.rows as R[], numAffectedRows: BigInt(affected) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
