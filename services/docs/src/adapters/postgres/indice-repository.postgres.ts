import type { Kysely, Selectable } from 'kysely';
import type { IndiceEntry } from '@tramita/eni/model';
import type { IndiceRepository, IndiceSnapshot } from '../../domain/indice-snapshot.ts';
import type { DocsDatabase, IndicesTable } from './database.ts';

/** Signed índices in PostgreSQL (or PGlite); rows are only ever inserted. */
export class PostgresIndiceRepository implements IndiceRepository {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async insert(snapshot: IndiceSnapshot): Promise<void> {
    await this.#db
      .insertInto('indices')
      .values({
        id: snapshot.id,
        organism: snapshot.organism,
        file_code: snapshot.fileCode,
        estado: snapshot.estado,
        fecha_indice: snapshot.fechaIndice,
        xml: snapshot.xml,
        entries: JSON.stringify(snapshot.entries),
        firmas: JSON.stringify(snapshot.firmas),
        csv: snapshot.csv,
        created_at: snapshot.createdAt,
        created_by_username: snapshot.createdBy.username,
        created_by_display_name: snapshot.createdBy.displayName,
      })
      .execute();
  }

  async list(organism: string, fileCode: string): Promise<IndiceSnapshot[]> {
    const rows = await this.#db
      .selectFrom('indices')
      .selectAll()
      .where('organism', '=', organism)
      .where('file_code', '=', fileCode)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(fromRow);
  }
}

function fromRow(row: Selectable<IndicesTable>): IndiceSnapshot {
  return {
    id: row.id,
    organism: row.organism,
    fileCode: row.file_code,
    estado: row.estado as IndiceSnapshot['estado'],
    fechaIndice: new Date(row.fecha_indice),
    xml: row.xml,
    entries: parsed<IndiceEntry[]>(row.entries),
    firmas: parsed<string[]>(row.firmas),
    csv: row.csv,
    createdAt: new Date(row.created_at),
    createdBy: { username: row.created_by_username, displayName: row.created_by_display_name },
  };
}

/** pg parses jsonb; PGlite too, but a text column would not: accept both. */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
