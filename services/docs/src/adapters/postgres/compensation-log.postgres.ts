import type { Kysely } from 'kysely';
import type { CompensationLog } from '../../application/compensation-log.ts';
import type { DocsDatabase } from './database.ts';

/** Attachment tombstones in PostgreSQL (or PGlite), inside the caller's transaction. */
export class PostgresCompensationLog implements CompensationLog {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async record(attachmentId: string, fileCode: string, at: Date): Promise<void> {
    await this.#db
      .insertInto('attachment_tombstones')
      .values({ attachment_id: attachmentId, file_code: fileCode, recorded_at: at })
      .onConflict((oc) => oc.column('attachment_id').doNothing())
      .execute();
  }

  async has(attachmentId: string): Promise<boolean> {
    const row = await this.#db.selectFrom('attachment_tombstones').select('attachment_id').where('attachment_id', '=', attachmentId).executeTakeFirst();
    return row !== undefined;
  }
}
