import type { Kysely, Selectable } from 'kysely';
import type { CsvRecord, CsvRepository } from '../../domain/csv-record.ts';
import type { CsvsTable, DocsDatabase } from './database.ts';

/** CSVs in PostgreSQL (or PGlite); bind it to a transaction to act inside it. */
export class PostgresCsvRepository implements CsvRepository {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async insert(record: CsvRecord): Promise<void> {
    await this.#db
      .insertInto('csvs')
      .values({
        csv: record.csv,
        document_id: record.documentId,
        version: record.version,
        sha256: record.sha256,
        organ: record.organ,
        regulation: record.regulation,
        issued_at: record.issuedAt,
        available_until: record.availableUntil,
        annulled_at: record.annulment?.at ?? null,
        annulment_reason: record.annulment?.reason ?? null,
      })
      .execute();
  }

  async find(csv: string): Promise<CsvRecord | null> {
    const row = await this.#db.selectFrom('csvs').selectAll().where('csv', '=', csv).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async forDocument(documentId: string): Promise<Map<number, CsvRecord>> {
    const rows = await this.#db.selectFrom('csvs').selectAll().where('document_id', '=', documentId).execute();
    return new Map(rows.map((row) => [row.version, fromRow(row)]));
  }

  async annulDocument(documentId: string, at: Date, reason: string): Promise<number> {
    const result = await this.#db
      .updateTable('csvs')
      .set({ annulled_at: at, annulment_reason: reason })
      .where('document_id', '=', documentId)
      .where('annulled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function fromRow(row: Selectable<CsvsTable>): CsvRecord {
  return {
    csv: row.csv,
    documentId: row.document_id,
    version: row.version,
    sha256: row.sha256,
    organ: row.organ,
    regulation: row.regulation,
    issuedAt: new Date(row.issued_at),
    availableUntil: row.available_until === null ? null : new Date(row.available_until),
    annulment: row.annulled_at === null ? null : { at: new Date(row.annulled_at), reason: row.annulment_reason ?? '' },
  };
}
