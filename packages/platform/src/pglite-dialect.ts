import type { PGlite, Results } from '@electric-sql/pglite';
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
  /** The schema `search_path` points at now, as far as this session knows. */
  #searchPath: string | undefined;
  /** The schema of the turn being served. */
  #wanted: string | undefined;

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }

  /**
   * Waits for the connection; the caller must call the returned release exactly once. The turn's
   * statements run in `schema` (see `run`).
   */
  async take(schema: string | undefined): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => turn);
    await previous;
    this.#wanted = schema;
    return release;
  }

  /**
   * Runs one statement of the current turn, in the turn's schema. A statement without parameters
   * (`begin`, a migration) carries the `set search_path` in front of it, saving a round trip; one
   * with parameters needs it run first. A statement that fails or rolls back may have undone the
   * setting (in one transaction with it), so the session then forgets which schema is set.
   */
  async run<R>(sql: string, parameters: readonly unknown[]): Promise<Results<R>> {
    const wanted = this.#wanted;
    const switching = wanted !== undefined && this.#searchPath !== wanted;
    const setting = switching ? `set search_path to ${quoteIdentifier(wanted)}, public;\n` : '';
    try {
      let result: Results<R>;
      if (parameters.length === 0) {
        // The simple protocol accepts several statements (migrations); the last one's rows are the answer.
        result = ((await this.pglite.exec(setting + sql)).at(-1) as Results<R> | undefined) ?? { rows: [], affectedRows: undefined, fields: [] };
      } else {
        if (switching) await this.pglite.exec(setting);
        result = await this.pglite.query<R>(sql, [...parameters]);
      }
      if (switching) this.#searchPath = wanted;
      if (/^\s*rollback\b/i.test(sql)) this.#searchPath = undefined;
      return result;
    } catch (error) {
      this.#searchPath = undefined;
      throw error;
    }
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
    this.#connection = new PGliteConnection(session);
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
  readonly #session: PGliteSession;
  release: () => void = () => {};

  constructor(session: PGliteSession) {
    this.#session = session;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#session.run<R>(compiledQuery.sql, compiledQuery.parameters);
    const affected = result.affectedRows;
    return affected === undefined ? { rows: result.rows } : { rows: result.rows, numAffectedRows: BigInt(affected) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
