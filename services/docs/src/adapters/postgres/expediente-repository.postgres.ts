import { sql, type Kysely, type Selectable } from 'kysely';
import type { ExpedienteRecord, ExpedienteRepository } from '../../domain/expediente-record.ts';
import type { DocsDatabase, ExpedientesTable } from './database.ts';

/** The expedientes docs knows, in PostgreSQL (or PGlite); bind it to a transaction to act inside it. */
export class PostgresExpedienteRepository implements ExpedienteRepository {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async get(organism: string, fileCode: string): Promise<ExpedienteRecord | null> {
    const row = await this.#db.selectFrom('expedientes').selectAll().where('organism', '=', organism).where('file_code', '=', fileCode).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async findByCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<ExpedienteRecord[]> {
    let query = this.#db.selectFrom('expedientes').selectAll().where('file_code', '=', fileCode);
    if (organisms !== 'all') query = organisms.length > 0 ? query.where('organism', 'in', [...organisms]) : query.where(sql<boolean>`false`);
    return (await query.orderBy('organism').execute()).map(fromRow);
  }

  async insertIfAbsent(record: ExpedienteRecord): Promise<ExpedienteRecord> {
    await this.#db
      .insertInto('expedientes')
      .values({
        organism: record.organism,
        file_code: record.fileCode,
        eni_identifier: record.eniIdentifier,
        opened_at: record.openedAt,
        procedure_code: record.procedureCode,
        finished: record.finished,
        process_version: record.processVersion,
        updated_at: record.updatedAt,
      })
      .onConflict((oc) => oc.columns(['organism', 'file_code']).doNothing())
      .execute();
    const stored = await this.get(record.organism, record.fileCode);
    if (!stored) throw new Error(`Expediente ${record.fileCode} of ${record.organism} vanished right after it was stored`);
    return stored;
  }

  async update(record: ExpedienteRecord): Promise<void> {
    await this.#db
      .updateTable('expedientes')
      .set({ procedure_code: record.procedureCode, finished: record.finished, process_version: record.processVersion, updated_at: record.updatedAt })
      .where('organism', '=', record.organism)
      .where('file_code', '=', record.fileCode)
      .execute();
  }
}

function fromRow(row: Selectable<ExpedientesTable>): ExpedienteRecord {
  return {
    organism: row.organism,
    fileCode: row.file_code,
    eniIdentifier: row.eni_identifier,
    openedAt: new Date(row.opened_at),
    procedureCode: row.procedure_code,
    finished: row.finished,
    processVersion: row.process_version,
    updatedAt: new Date(row.updated_at),
  };
}
